#!/usr/bin/env node
/**
 * Evaluates the ONNX detector through {@link OnnxDetector} (the same code path the inference service uses)
 * and measures CPU latency.
 *
 *   tsx src/eval-cli.ts [--model F] [--labels F] [--data DIR | --count N --seed S --size WxH]
 *                       [--threads T] [--batch B] [--latency-runs R] [--json OUT]
 *
 * With --data it reads a synthetic-shelf CLI folder (scenes.jsonl + images/); otherwise it generates the
 * held-out scenes in-process (default: 200 scenes from seed 9000000 at 1280x960, the recipe's held-out set).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateScene } from '@shelfstream/synthetic-shelf';
import { evaluateMap50, type MapResult } from './evaluate-map50.js';
import { loadLabels } from './load-labels.js';
import { OnnxDetector } from './onnx-detector.js';
import type { Detection, TruthBox } from './types.js';

const SERVICE_SCORE_THRESHOLD = 0.25;

interface Args {
  model: string;
  labels: string;
  data: string | undefined;
  count: number;
  seed: number;
  width: number;
  height: number;
  threads: number;
  batch: number;
  latencyRuns: number;
  json: string | undefined;
}

function parseArgs(argv: readonly string[]): Args {
  const root = resolve(import.meta.dirname, '../../..');
  const a: Args = {
    model: join(root, 'models/shelf-detector.onnx'),
    labels: join(root, 'models/labels.json'),
    data: undefined,
    count: 200,
    seed: 9_000_000,
    width: 1280,
    height: 960,
    threads: 2,
    batch: 8,
    latencyRuns: 20,
    json: undefined,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, v] = [argv[i], argv[i + 1] ?? ''];
    if (flag === '--model') a.model = v;
    else if (flag === '--labels') a.labels = v;
    else if (flag === '--data') a.data = v;
    else if (flag === '--count') a.count = Number(v);
    else if (flag === '--seed') a.seed = Number(v);
    else if (flag === '--threads') a.threads = Number(v);
    else if (flag === '--batch') a.batch = Number(v);
    else if (flag === '--latency-runs') a.latencyRuns = Number(v);
    else if (flag === '--json') a.json = v;
    else if (flag === '--size') [a.width, a.height] = v.split('x').map(Number) as [number, number];
    else throw new Error(`unknown argument ${flag}; see the header of eval-cli.ts`);
  }
  return a;
}

async function loadScenes(a: Args): Promise<{ images: Buffer[]; truths: TruthBox[][] }> {
  const images: Buffer[] = [];
  const truths: TruthBox[][] = [];
  if (a.data) {
    const lines = (await readFile(join(a.data, 'scenes.jsonl'), 'utf8')).split('\n').filter(Boolean);
    for (const line of lines.slice(0, a.count)) {
      const row = JSON.parse(line) as { file: string; boxes: TruthBox[] };
      images.push(await readFile(join(a.data, row.file)));
      truths.push(row.boxes.map(({ x1, y1, x2, y2, classIndex }) => ({ x1, y1, x2, y2, classIndex })));
    }
  } else {
    for (let i = 0; i < a.count; i++) {
      const s = await generateScene(a.seed + i, { width: a.width, height: a.height });
      images.push(s.image);
      truths.push(s.boxes.map(({ x1, y1, x2, y2, classIndex }) => ({ x1, y1, x2, y2, classIndex })));
    }
  }
  return { images, truths };
}

async function latency(detector: OnnxDetector, images: Buffer[], batch: number, runs: number) {
  const pick = Array.from({ length: batch }, (_, i) => images[i % images.length] as Buffer);
  await detector.detect(pick);
  const total: number[] = [];
  const infer: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    await detector.detect(pick);
    total.push(performance.now() - t);
    infer.push(detector.lastTimings.inferenceMs);
  }
  const median = (v: number[]) => v.sort((x, y) => x - y)[Math.floor(v.length / 2)] ?? 0;
  return { batch, runs, medianTotalMs: median(total), medianInferenceMs: median(infer) };
}

function summarize(label: string, r: MapResult, names: string[]): string {
  const rows = r.perClass.map(
    (c) =>
      `  ${(names[c.classIndex] ?? String(c.classIndex)).padEnd(16)} AP50 ${c.ap50.toFixed(3)}  recall ${c.recall.toFixed(3)}  (${c.groundTruths} boxes)`,
  );
  return [`${label}: mAP50 ${r.map50.toFixed(4)}`, ...rows].join('\n');
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const labels = await loadLabels(a.labels);
  const names = labels.map((l) => l.id);
  const { images, truths } = await loadScenes(a);
  const detector = await OnnxDetector.create({
    modelPath: a.model,
    intraOpNumThreads: a.threads,
    interOpNumThreads: 1,
    scoreThreshold: 0.001,
  });
  const predictions: Detection[][] = [];
  const started = performance.now();
  for (let i = 0; i < images.length; i += a.batch) {
    predictions.push(...(await detector.detect(images.slice(i, i + a.batch))));
  }
  const evalSeconds = (performance.now() - started) / 1000;
  const all = evaluateMap50(predictions, truths);
  const service = evaluateMap50(
    predictions.map((p) => p.filter((d) => d.score >= SERVICE_SCORE_THRESHOLD)),
    truths,
  );
  const lat1 = await latency(detector, images, 1, a.latencyRuns);
  const lat8 = await latency(detector, images, 8, Math.max(3, Math.floor(a.latencyRuns / 4)));
  await detector.release();

  const source = a.data ? `folder ${a.data}` : `${a.count} scenes, seeds ${a.seed}.., ${a.width}x${a.height}`;
  process.stdout.write(
    `${[
      `held-out: ${source} (${truths.flat().length} boxes), model ${a.model}, input ${detector.inputWidth}x${detector.inputHeight}`,
      summarize('score >= 0.001 (standard mAP)', all, names),
      summarize(`score >= ${SERVICE_SCORE_THRESHOLD} (service default)`, service, names),
      `latency (intraOpNumThreads=${a.threads}, decode+letterbox+infer+NMS, median): batch 1 ${lat1.medianTotalMs.toFixed(1)} ms (infer ${lat1.medianInferenceMs.toFixed(1)} ms); batch 8 ${lat8.medianTotalMs.toFixed(1)} ms (infer ${lat8.medianInferenceMs.toFixed(1)} ms, ${(lat8.medianTotalMs / 8).toFixed(1)} ms/image)`,
      `evaluation pass: ${evalSeconds.toFixed(1)} s for ${images.length} images`,
    ].join('\n')}\n`,
  );
  if (a.json) {
    await writeFile(
      a.json,
      `${JSON.stringify({ source, threads: a.threads, map50: all.map50, map50AtServiceThreshold: service.map50, perClass: all.perClass, perClassAtServiceThreshold: service.perClass, latency: [lat1, lat8] }, null, 2)}\n`,
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
