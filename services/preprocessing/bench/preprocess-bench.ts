/**
 * Preprocessing benchmark (not a test): prepares N generated 1920x1080 JPEGs through the same steps as the stage
 * (decode+orient+resize, quality, gray-world, CLAHE, encode; no Kafka, no blob store) with the configured
 * parallelism, then prints images/s and p50/p99 per step. Bounded: BENCH_IMAGES (default 60, max 1000).
 *
 *   node --conditions=@shelfstream/source --import tsx services/preprocessing/bench/preprocess-bench.ts
 *
 * Env: BENCH_IMAGES, PREPROCESS_PARALLEL_IMAGES (default 2), SHARP_CONCURRENCY (default 1),
 * PREPROCESS_MAX_LONG_SIDE_PX (1280), PREPROCESS_CLAHE_TILE_PX (16).
 */
import { configureSharp, encodeJpeg, texturedImage } from '@shelfstream/vision';
import { type PrepareTimings, prepareImage } from '../src/transform/prepare-image.js';

const int = (name: string, fallback: number, max = 10_000) =>
  Math.min(max, Math.max(1, Number(process.env[name] ?? fallback) || fallback));
const total = int('BENCH_IMAGES', 60, 1000);
const parallel = int('PREPROCESS_PARALLEL_IMAGES', 2, 64);
const runtime = configureSharp({ concurrency: int('SHARP_CONCURRENCY', 1, 64), cacheMemoryMb: 0 });
const options = {
  maxInputPixels: 50_000_000,
  maxLongSidePx: int('PREPROCESS_MAX_LONG_SIDE_PX', 1280, 8192),
  decodeFailOn: 'error' as const,
  jpegQuality: 90,
  claheTilePx: int('PREPROCESS_CLAHE_TILE_PX', 16, 512),
  claheMaxSlope: 4,
  grayWorldMaxGain: 2,
};

const inputs = await Promise.all([1, 2, 3, 4].map((seed) => encodeJpeg(texturedImage(1920, 1080, seed))));
const steps: Record<keyof PrepareTimings | 'totalMs', number[]> = {
  decodeMs: [],
  qualityMs: [],
  whiteBalanceMs: [],
  claheMs: [],
  encodeMs: [],
  totalMs: [],
};
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: parallel }, async () => {
    while (next < total) {
      const i = next;
      next += 1;
      const t0 = performance.now();
      const prepared = await prepareImage(inputs[i % inputs.length] as Buffer, options);
      steps.totalMs.push(performance.now() - t0);
      for (const key of Object.keys(prepared.timings) as (keyof PrepareTimings)[]) {
        steps[key].push(prepared.timings[key]);
      }
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
process.stdout.write(
  `preprocessing bench: ${total} JPEGs 1920x1080, parallel ${parallel}, sharp concurrency ${runtime.concurrency}, ` +
    `UV_THREADPOOL_SIZE ${runtime.uvThreadpoolSize}, long side ${options.maxLongSidePx}, CLAHE ${options.claheTilePx}px\n`,
);
process.stdout.write(`throughput: ${(total / seconds).toFixed(2)} images/s (${seconds.toFixed(1)} s)\n`);
for (const [step, values] of Object.entries(steps)) {
  process.stdout.write(
    `${step.replace(/Ms$/, '').padEnd(14)} p50 ${quantile(values, 0.5).toFixed(1).padStart(7)} ms   p99 ${quantile(values, 0.99).toFixed(1).padStart(7)} ms\n`,
  );
}
