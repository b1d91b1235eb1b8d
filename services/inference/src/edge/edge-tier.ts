import type { Worker } from 'node:worker_threads';
import { StageError } from '@shelfstream/errors';
import { startWorker } from '@shelfstream/service-kit/worker';
import type { ModelTier, TierBatchResult } from '../model-tier.js';
import { type EdgeTierReason, InferenceReasons } from '../reasons.js';
import type { EdgeWorkerData, EdgeWorkerReply, EdgeWorkerRequest } from './worker-protocol.js';

/**
 * The edge tier: onnxruntime in ONE worker thread per process (see inference-worker.ts); this side only posts
 * batches and awaits answers, so the event loop stays free while a batch runs.
 */
export class EdgeTier implements ModelTier {
  readonly tier = 'edge' as const;
  readonly #worker: Worker;
  readonly #pending = new Map<number, (reply: EdgeWorkerReply) => void>();
  #nextId = 1;
  #exited: Error | undefined;

  constructor(data: EdgeWorkerData) {
    const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
    this.#worker = startWorker(new URL(`./inference-worker.${ext}`, import.meta.url), data);
    this.#worker.on('message', (reply: EdgeWorkerReply | { type: string }) => {
      if ('type' in reply) return;
      this.#pending.get(reply.id)?.(reply);
      this.#pending.delete(reply.id);
    });
    const fail = (err: Error) => {
      this.#exited = err;
      for (const [id, resolve] of this.#pending) {
        resolve({ id, ok: false, code: 'INFERENCE_EDGE_FAILED', message: err.message });
      }
      this.#pending.clear();
    };
    this.#worker.on('error', fail);
    this.#worker.on('exit', (code) => fail(new Error(`inference worker exited with ${code}`)));
  }

  async runBatch(route: string, images: readonly Buffer[]): Promise<TierBatchResult> {
    if (this.#exited) throw edgeError('INFERENCE_EDGE_FAILED', this.#exited.message);
    const id = this.#nextId++;
    const request: EdgeWorkerRequest = { id, route, images: images.map((b) => new Uint8Array(b)) };
    const reply = await new Promise<EdgeWorkerReply>((resolve) => {
      this.#pending.set(id, resolve);
      this.#worker.postMessage(
        request,
        request.images.map((u) => u.buffer as ArrayBuffer),
      );
    });
    if (!reply.ok) throw edgeError(reply.code, reply.message);
    return {
      images: reply.detections.map((detections) => ({ detections })),
      modelId: reply.modelId,
      modelVersion: reply.modelVersion,
      preprocessMs: reply.preprocessMs,
      inferenceMs: reply.inferenceMs,
      postprocessMs: reply.postprocessMs,
    };
  }

  async ready(): Promise<{ ok: boolean; detail?: string }> {
    return this.#exited ? { ok: false, detail: this.#exited.message } : { ok: true };
  }

  async close(): Promise<void> {
    if (this.#exited) return;
    const closed = new Promise<void>((resolve) => {
      this.#worker.once('message', () => resolve());
      this.#worker.once('exit', () => resolve());
    });
    this.#worker.postMessage({ type: 'close' });
    await Promise.race([closed, new Promise((r) => setTimeout(r, 2000))]);
    await this.#worker.terminate();
  }
}

/** A failure of the edge tier: only edge-tier codes. */
export function edgeError(code: EdgeTierReason, message: string): StageError<EdgeTierReason> {
  return new StageError(code, message, { retriable: InferenceReasons[code].retriable });
}
