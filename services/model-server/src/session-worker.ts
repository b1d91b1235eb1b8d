/**
 * The model server's onnxruntime thread: ONE long-lived session (onnxruntime#25325) whose blocking `run` stays off
 * the thread that answers HTTP (PITFALLS.md).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { RunReply, RunRequest, SessionReady, TensorInfo } from './session-protocol.js';

const { modelPath, threads } = workerData as { modelPath: string; threads: number };

function info(meta: readonly ort.InferenceSession.ValueMetadata[]): TensorInfo[] {
  return meta.map((m) => ({
    name: m.name,
    shape: m.isTensor ? m.shape.map((d) => (typeof d === 'number' && d > 0 ? d : -1)) : [],
  }));
}

async function start(): Promise<ort.InferenceSession | undefined> {
  try {
    const bytes = await readFile(modelPath);
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
    });
    const ready: SessionReady = {
      type: 'ready',
      inputs: info(session.inputMetadata),
      outputs: info(session.outputMetadata),
      version: createHash('sha256').update(bytes).digest('hex').slice(0, 12),
    };
    parentPort?.postMessage(ready);
    return session;
  } catch (err) {
    parentPort?.postMessage({ type: 'failed', message: (err as Error).message } satisfies SessionReady);
    return undefined;
  }
}

const session = await start();

/** Floats of the last scaled UINT8 input, kept for the next one (a 416x416 image: 2 MB not allocated per run). */
let scaled = new Float32Array(0);

/** The FP32 values the model runs on: the request's own, or its bytes scaled into {@link scaled}. */
function floatsOf(req: RunRequest): Float32Array {
  if (req.data instanceof Float32Array) return req.data;
  const bytes = req.data;
  if (scaled.length < bytes.length) scaled = new Float32Array(bytes.length);
  const out = scaled;
  const scale = req.scale ?? 1;
  for (let i = 0; i < bytes.length; i++) out[i] = (bytes[i] as number) * scale;
  return out.subarray(0, bytes.length);
}

parentPort?.on('message', async (req: RunRequest | { type: 'close' }) => {
  if ('type' in req) {
    await session?.release();
    parentPort?.postMessage({ type: 'closed' });
    return;
  }
  let reply: RunReply;
  // The input memory is this thread's now (moved or copied here): hand it back for the next request body.
  const input = req.data.buffer as ArrayBuffer;
  try {
    if (!session) throw new Error('model not loaded');
    const result = await session.run({
      [req.input]: new ort.Tensor('float32', floatsOf(req), [...req.shape]),
    });
    const outputs = session.outputNames.map((name) => {
      const t = result[name] as ort.Tensor;
      return { name, shape: [...t.dims], data: t.data as Float32Array };
    });
    // Never give back memory an output still lives in.
    const reusable = outputs.every((o) => o.data.buffer !== input);
    reply = { id: req.id, ok: true, outputs, ...(reusable ? { input } : {}) };
  } catch (err) {
    reply = { id: req.id, ok: false, input, message: (err as Error).message };
  }
  // Output tensors are fresh per run: move them to the HTTP thread rather than copy them.
  const moved = new Set<ArrayBuffer>(reply.ok ? reply.outputs.map((o) => o.data.buffer as ArrayBuffer) : []);
  if (reply.input) moved.add(reply.input);
  parentPort?.postMessage(reply, [...moved]);
});
