/**
 * Inference benchmark (not a test; bounded; loopback only). Same model, same images, same run:
 *   0. letterbox alone (JPEG decode + resize, sharp) of normalized images at 1280x720 and 960x540;
 *   1. edge tier at batch 1 (one image per onnxruntime run, back to back);
 *   2. edge tier with dynamic batching (all images queued at once, the adaptive batcher picks the sizes);
 *   3. remote tier (batch 1) through services/model-server over loopback HTTP.
 * Prints images/s, p50/p99 per-image latency and CPU ms per image (this process, every thread; for the remote tier
 * also the model server's, from its /metrics), and the dynamic/batch-1 throughput ratio.
 *
 *   pnpm --filter @shelfstream/inference bench            # models/shelf-detector.onnx when present
 *   BENCH_IMAGES=16 BENCH_ROUNDS=3 BENCH_MODEL=/path/model.onnx pnpm --filter @shelfstream/inference bench
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { letterboxBatch } from '@shelfstream/detector';
import { generateScene } from '@shelfstream/synthetic-shelf';
import sharp from 'sharp';
import { EdgeTier } from '../src/edge/edge-tier.js';
import { OipClient } from '../src/remote/oip-client.js';
import { RemoteTier } from '../src/remote/remote-tier.js';
import { BatchSizeController } from '../src/transform/batch-size-controller.js';
import { DynamicBatcher } from '../src/transform/dynamic-batcher.js';
import { writeTinyYoloModel } from '../test/fixtures/tiny-yolo-model.js';

const IMAGES = Number(process.env.BENCH_IMAGES ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'inference-bench-'));
const realModel = resolve(import.meta.dirname, '../../../models/shelf-detector.onnx');
let modelPath = process.env.BENCH_MODEL ?? realModel;
if (!existsSync(modelPath)) {
  console.log(
    `NOTE: ${modelPath} does not exist yet: benchmarking the tiny fixture model (figures say nothing about the detector)`,
  );
  modelPath = writeTinyYoloModel(dir).modelPath;
}
writeFileSync(join(dir, 'routing.json'), JSON.stringify({ GONDOLA: modelPath }));

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
/** CPU seconds this process has used, every thread (onnxruntime and libvips included). */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
/** Prints one run; `cpuS` is the CPU the run used (seconds, all processes involved). */
function report(name: string, latencies: number[], wallMs: number, cpuS: number): number {
  const s = [...latencies].sort((a, b) => a - b);
  const ips = (latencies.length / wallMs) * 1000;
  const cpuMs = (cpuS * 1000) / latencies.length;
  console.log(
    `${name.padEnd(34)} ${ips.toFixed(2).padStart(7)} img/s   p50 ${pct(s, 50).toFixed(1).padStart(7)} ms   p99 ${pct(s, 99).toFixed(1).padStart(7)} ms   CPU ${cpuMs.toFixed(1).padStart(5)} ms/img   (${latencies.length} images)`,
  );
  return ips;
}

const images: Buffer[] = [];
for (let i = 0; i < IMAGES; i++)
  images.push((await generateScene(9_700_000 + i, { width: 1280, height: 960 })).image);
console.log(
  `model ${basename(modelPath)}, ${IMAGES} scenes 1280x960, ${ROUNDS} rounds, 1 onnxruntime thread`,
);

// 0. letterbox alone on the image every tier reads: preprocessing's normalized JPEG (q90, long side 1280 or 960).
// The two sizes alternate image by image, so that a change in the machine's load shows in both alike.
const normalizedSizes = [
  [1280, 720],
  [960, 540],
] as const;
const normalized: Buffer[][] = normalizedSizes.map(() => []);
for (let i = 0; i < Math.min(IMAGES, 8); i++) {
  const scene = await generateScene(9_800_000 + i, { width: 1920, height: 1080 });
  for (const [k, [width, height]] of normalizedSizes.entries())
    normalized[k]?.push(await sharp(scene.image).resize(width, height).jpeg({ quality: 90 }).toBuffer());
}
// One tensor for every call, as the tiers keep theirs: a fresh 2 MB Float32Array per image costs more than the decode.
const boxed = new Float32Array(3 * 416 * 416);
const boxing = normalizedSizes.map(() => ({ lat: [] as number[], wallMs: 0, cpuS: 0 }));
for (let r = -1; r < 2 * ROUNDS; r++) {
  for (let i = 0; i < (normalized[0]?.length ?? 0); i++) {
    for (const [k, set] of normalized.entries()) {
      const c = cpuSeconds();
      const s = performance.now();
      await letterboxBatch([set[i] as Buffer], 416, 416, boxed);
      const ms = performance.now() - s;
      const m = boxing[k];
      if (r < 0 || !m) continue; // round -1 warms up
      m.lat.push(ms);
      m.wallMs += ms;
      m.cpuS += cpuSeconds() - c;
    }
  }
}
for (const [k, [width, height]] of normalizedSizes.entries()) {
  const m = boxing[k];
  if (m) report(`letterbox ${width}x${height} JPEG -> 416`, m.lat, m.wallMs, m.cpuS);
}

const edge = new EdgeTier({
  routingTablePath: join(dir, 'routing.json'),
  threads: 1,
  scoreThreshold: 0.25,
  iouThreshold: 0.6,
});
await edge.runBatch('GONDOLA', [images[0] as Buffer]); // load + warm up

// 1. batch 1
let lat: number[] = [];
let c0 = cpuSeconds();
let t0 = performance.now();
for (let r = 0; r < ROUNDS; r++) {
  for (const img of images) {
    const s = performance.now();
    await edge.runBatch('GONDOLA', [img]);
    lat.push(performance.now() - s);
  }
}
const single = report('edge, batch 1', lat, performance.now() - t0, cpuSeconds() - c0);

// 2. dynamic batching: every image queued at once (a backlog), sizes chosen by the adaptive controller.
const controller = new BatchSizeController({ maxBatch: 32, latencySlaMs: 30_000 });
const sizes: number[] = [];
const batcher = new DynamicBatcher<Buffer, number>({
  batchSize: () => controller.next,
  maxDelayMs: 20,
  run: async (batch) => {
    const s = performance.now();
    await edge.runBatch('GONDOLA', batch.items);
    const ms = performance.now() - s;
    sizes.push(batch.items.length);
    controller.observe({ size: batch.items.length, latencyMs: ms, backlog: batcher.queued, memoryRatio: 0 });
    return batch.items.map(() => ms);
  },
});
lat = [];
c0 = cpuSeconds();
t0 = performance.now();
for (let r = 0; r < ROUNDS; r++) {
  await Promise.all(
    images.map(async (img) => {
      const s = performance.now();
      await batcher.submit('GONDOLA', img);
      lat.push(performance.now() - s);
    }),
  );
}
const dynamic = report('edge, dynamic batching', lat, performance.now() - t0, cpuSeconds() - c0);
console.log(`  batch sizes chosen: ${sizes.join(',')}; settled target ${controller.target}`);
console.log(
  `  per-image cost by size (ms): ${[1, 2, 4, 8, 16, 32].map((n) => `${n}:${controller.costPerImage(n)?.toFixed(1) ?? '-'}`).join(' ')}`,
);
console.log(`  dynamic / batch-1 throughput ratio: ${(dynamic / single).toFixed(2)}x`);
await edge.close();

// 3. remote tier through the model server (loopback)
const port = await new Promise<number>((res) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => res(p));
  });
});
const server: ChildProcess = spawn(
  process.execPath,
  [
    '--conditions=@shelfstream/source',
    '--import',
    'tsx',
    fileURLToPath(new URL('../../model-server/src/main.ts', import.meta.url)),
  ],
  {
    env: {
      ...process.env,
      MODEL_PATH: modelPath,
      MODEL_NAME: 'bench',
      HTTP_PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    stdio: 'inherit',
  },
);
try {
  const client = new OipClient({
    baseUrl: `http://127.0.0.1:${port}`,
    timeoutMs: 60_000,
    maxRetries: 0,
    baseDelayMs: 100,
    maxDelayMs: 1000,
  });
  const deadline = Date.now() + 60_000;
  while (!(await client.ready())) {
    if (Date.now() > deadline) throw new Error('model server did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
  const remote = new RemoteTier(client, { model: 'bench', scoreThreshold: 0.25, iouThreshold: 0.6 });
  await remote.runBatch('GONDOLA', [images[0] as Buffer]);
  const serverCpu = () => scrapeCpuSeconds(`http://127.0.0.1:${port}/metrics`);
  lat = [];
  const s0 = await serverCpu();
  c0 = cpuSeconds();
  t0 = performance.now();
  for (let r = 0; r < ROUNDS; r++) {
    for (const img of images) {
      const s = performance.now();
      await remote.runBatch('GONDOLA', [img]);
      lat.push(performance.now() - s);
    }
  }
  const wall = performance.now() - t0;
  const clientS = cpuSeconds() - c0;
  const serverS = (await serverCpu()) - s0;
  const remoteIps = report('remote (model server), batch 1', lat, wall, clientS + serverS);
  console.log(
    `  CPU per image: inference process ${((clientS * 1000) / lat.length).toFixed(1)} ms + model server ${((serverS * 1000) / lat.length).toFixed(1)} ms`,
  );
  console.log(`  remote / edge batch-1 throughput ratio: ${(remoteIps / single).toFixed(2)}x`);
  await remote.close();
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}

/** CPU seconds the model server has used, from prom-client's `process_cpu_seconds_total` on its /metrics. */
async function scrapeCpuSeconds(url: string): Promise<number> {
  const page = await (await fetch(url)).text();
  const value = /^process_cpu_seconds_total(?:\{[^}]*\})? (\S+)$/m.exec(page)?.[1];
  if (value === undefined) throw new Error(`${url}: no process_cpu_seconds_total`);
  return Number(value);
}
