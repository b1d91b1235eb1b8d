/**
 * Preprocessing benchmark (not a test): prepares generated 1920x1080 JPEGs through the stage's own `prepareImage`
 * (decode+orient+resize, quality, gray-world, CLAHE, encode; no Kafka, no blob store) with the service's settings
 * (its defaults, or the PREPROCESS_* variables set). Two runs of BENCH_IMAGES each (default 40, max 1000):
 *
 * 1. one image at a time: the p50/p99 table per step and in total, what one image costs one core;
 * 2. PREPROCESS_PARALLEL_IMAGES at once, as the service runs: images/s, CPU per image and the same table (steps
 *    then include waiting: the pixel loops of every image in flight share the one JavaScript thread).
 *
 *   pnpm bench:preprocessing
 *   PREPROCESS_MAX_LONG_SIDE_PX=1280 PREPROCESS_CLAHE_TILE_PX=16 BENCH_IMAGES=100 pnpm bench:preprocessing
 *
 * Env: BENCH_IMAGES, SHARP_CONCURRENCY (default 1) and the service's PREPROCESS_* settings.
 */
import { loadConfig } from '@shelfstream/config';
import { configureSharp, encodeJpeg, texturedImage } from '@shelfstream/vision';
import { preprocessingConfig } from '../src/config.js';
import { type PrepareTimings, prepareImage } from '../src/transform/prepare-image.js';

type Step = keyof PrepareTimings | 'totalMs';

const perRun = Math.min(1000, Math.max(1, Number(process.env['BENCH_IMAGES'] ?? 40) || 40));
const config = loadConfig(preprocessingConfig, process.env, { strictPrefixes: ['PREPROCESS_'] });
const runtime = configureSharp({ concurrency: config.sharpConcurrency, cacheMemoryMb: 0 });
const inputs = await Promise.all([1, 2, 3, 4].map((seed) => encodeJpeg(texturedImage(1920, 1080, seed))));
// Two untimed images per input, so that the figures do not measure the JIT compiler.
for (const input of [...inputs, ...inputs]) await prepareImage(input, config);

/** Prepares `perRun` images, `parallel` at once; per-step milliseconds, wall seconds and CPU ms per image. */
async function run(parallel: number) {
  const steps: Record<Step, number[]> = {
    decodeMs: [],
    qualityMs: [],
    whiteBalanceMs: [],
    claheMs: [],
    shelfCheckMs: [],
    encodeMs: [],
    totalMs: [],
  };
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < perRun) {
        const i = next;
        next += 1;
        const t0 = performance.now();
        const prepared = await prepareImage(inputs[i % inputs.length] as Buffer, config);
        steps.totalMs.push(performance.now() - t0);
        for (const key of Object.keys(prepared.timings) as (keyof PrepareTimings)[]) {
          steps[key].push(prepared.timings[key]);
        }
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return {
    steps,
    seconds: (performance.now() - started) / 1000,
    cpuMsPerImage: (cpu.user + cpu.system) / 1000 / perRun,
  };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
const cell = (v: number) => v.toFixed(1).padStart(7);
const sequential = await run(1);
const parallel = await run(config.parallelImages);
const n = config.parallelImages;
const lines = [
  `preprocessing bench: ${perRun} + ${perRun} JPEGs 1920x1080; sharp concurrency ${runtime.concurrency}, ` +
    `UV_THREADPOOL_SIZE ${runtime.uvThreadpoolSize}; long side ${config.maxLongSidePx} px, ` +
    `CLAHE tile ${config.claheTilePx} px slope ${config.claheMaxSlope}, JPEG q${config.jpegQuality}`,
  `one at a time: ${(perRun / sequential.seconds).toFixed(2)} images/s, CPU ${sequential.cpuMsPerImage.toFixed(1)} ms/image`,
  `${n} at once:    ${(perRun / parallel.seconds).toFixed(2)} images/s, CPU ${parallel.cpuMsPerImage.toFixed(1)} ms/image ` +
    '(user+system, all threads)',
  '',
  `| step          | 1 at a time p50 ms |    p99 | ${n} at once p50 ms |    p99 |`,
  '| ------------- | -----------------: | -----: | ----------------: | -----: |',
  ...(Object.keys(sequential.steps) as Step[]).map(
    (step) =>
      `| ${step.replace(/Ms$/, '').padEnd(13)} | ${cell(quantile(sequential.steps[step], 0.5)).padStart(18)} | ` +
      `${cell(quantile(sequential.steps[step], 0.99)).padStart(6)} | ${cell(quantile(parallel.steps[step], 0.5)).padStart(17)} | ` +
      `${cell(quantile(parallel.steps[step], 0.99)).padStart(6)} |`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
