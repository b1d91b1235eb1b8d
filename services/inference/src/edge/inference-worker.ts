/**
 * The edge tier's inference worker thread: owns every onnxruntime session of the process (one long-lived session
 * per model file, shared by the routes that use it) so that `session.run`, which blocks its thread, never blocks
 * the thread that heartbeats Kafka and answers /healthz (PITFALLS.md). One worker per process.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { OnnxDetector } from '@shelfstream/detector';
import { type EdgeTierReason, isEdgeTierReason } from '../reasons.js';
import { loadRoutingTable, modelForRoute, type RoutingTable } from './routing-table.js';
import type { EdgeWorkerData, EdgeWorkerReply, EdgeWorkerRequest } from './worker-protocol.js';

const config = workerData as EdgeWorkerData;
const sessions = new Map<string, { detector: OnnxDetector; modelId: string; modelVersion: string }>();
let table: RoutingTable | undefined;

async function model(route: string) {
  table ??= await loadRoutingTable(config.routingTablePath);
  const path = modelForRoute(table, route);
  if (path === undefined)
    throw Object.assign(new Error(`no model for route ${route}`), { code: 'INFERENCE_UNKNOWN_ROUTE' });
  const cached = sessions.get(path);
  if (cached) return cached;
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw Object.assign(new Error(`cannot read model ${path}`, { cause }), {
      code: 'INFERENCE_MODEL_UNAVAILABLE',
    });
  }
  let detector: OnnxDetector;
  try {
    detector = await OnnxDetector.create({
      modelPath: path,
      intraOpNumThreads: config.threads,
      interOpNumThreads: 1,
      scoreThreshold: config.scoreThreshold,
      iouThreshold: config.iouThreshold,
    });
  } catch (cause) {
    throw Object.assign(new Error(`cannot load model ${path}`, { cause }), {
      code: 'INFERENCE_MODEL_UNAVAILABLE',
    });
  }
  const entry = {
    detector,
    modelId: basename(path).replace(/\.onnx$/, ''),
    modelVersion: createHash('sha256').update(bytes).digest('hex').slice(0, 12),
  };
  sessions.set(path, entry);
  return entry;
}

async function handle(request: EdgeWorkerRequest): Promise<EdgeWorkerReply> {
  try {
    const m = await model(request.route);
    const images = request.images.map((u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength));
    const started = performance.now();
    const detections = await m.detector.detect(images);
    const timings = m.detector.lastTimings;
    return {
      id: request.id,
      ok: true,
      detections,
      modelId: m.modelId,
      modelVersion: m.modelVersion,
      preprocessMs: timings.preprocessMs,
      inferenceMs: timings.inferenceMs,
      postprocessMs: timings.postprocessMs,
      totalMs: performance.now() - started,
    };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const code: EdgeTierReason =
      e.code === 'DETECTOR_IMAGE_DECODE_FAILED'
        ? 'INFERENCE_IMAGE_DECODE_FAILED'
        : isEdgeTierReason(e.code)
          ? e.code
          : 'INFERENCE_EDGE_FAILED';
    return { id: request.id, ok: false, code, message: e.message ?? String(err) };
  }
}

parentPort?.on('message', (message: EdgeWorkerRequest | { type: 'close' }) => {
  if ('type' in message) {
    void Promise.all([...sessions.values()].map((s) => s.detector.release())).then(() => {
      parentPort?.postMessage({ type: 'closed' });
    });
    return;
  }
  void handle(message).then((reply) => parentPort?.postMessage(reply));
});
