import type { Worker } from 'node:worker_threads';
import { startWorker } from '@shelfstream/service-kit/worker';
import type { RunReply, RunRequest, SessionReady, TensorInfo } from './session-protocol.js';

/** Spare input buffers kept for reuse, and the largest one kept (a batch-32 body is 66 MB: not kept). */
const SPARE_BUFFERS = 2;
const SPARE_MAX_BYTES = 16 * 1024 * 1024;

/** The served model, running in its own worker thread. */
export class ModelSession {
  readonly #worker: Worker;
  readonly #pending = new Map<number, (r: RunReply) => void>();
  readonly #spare: ArrayBuffer[] = [];
  #nextId = 1;
  #chain: Promise<unknown> = Promise.resolve();
  /** Tensor metadata once loaded. */
  inputs: TensorInfo[] = [];
  outputs: TensorInfo[] = [];
  /** Checksum prefix of the model file. */
  version = '';
  /** Set when the model failed to load. */
  loadError: string | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
  }

  /** Starts the worker and waits for the model to load (a failed load is reported in `loadError`). */
  static async start(modelPath: string, threads: number): Promise<ModelSession> {
    const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
    const worker = startWorker(new URL(`./session-worker.${ext}`, import.meta.url), { modelPath, threads });
    const session = new ModelSession(worker);
    const ready = await new Promise<SessionReady>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (ready.type === 'ready') {
      session.inputs = ready.inputs;
      session.outputs = ready.outputs;
      session.version = ready.version;
    } else session.loadError = ready.message;
    worker.on('message', (r: RunReply | { type: string }) => {
      if ('type' in r) return;
      if (r.input && r.input.byteLength <= SPARE_MAX_BYTES && session.#spare.length < SPARE_BUFFERS)
        session.#spare.push(r.input);
      session.#pending.get(r.id)?.(r);
      session.#pending.delete(r.id);
    });
    return session;
  }

  /** True when the model is loaded. */
  get ready(): boolean {
    return this.loadError === undefined;
  }

  /**
   * Memory for a request body of at least `byteLength` bytes: the smallest input buffer the model thread gave back
   * after a run that fits, else a new one. Reusing them spares 2 MB of fresh memory per 416x416 image, and the
   * garbage collections it drove: with paced traffic this process's CPU per image fell by about a quarter.
   */
  takeBuffer(byteLength: number): ArrayBuffer {
    let best = -1;
    this.#spare.forEach((b, i) => {
      const fits = b.byteLength >= byteLength;
      if (fits && (best < 0 || b.byteLength < (this.#spare[best] as ArrayBuffer).byteLength)) best = i;
    });
    return best < 0 ? new ArrayBuffer(byteLength) : (this.#spare.splice(best, 1)[0] as ArrayBuffer);
  }

  /**
   * Runs one request; requests run one at a time in arrival order. UINT8 `data` is scaled to floats on the model
   * thread (`byte * options.scale`). With `transfer`, `data`'s whole ArrayBuffer is
   * moved to the model thread instead of copied (2 MB per 416x416 image) and is unusable here afterwards: only for
   * memory nothing else reads, never a slice of Node's Buffer pool. The model thread gives it back after the run,
   * for {@link takeBuffer}.
   */
  run(
    input: string,
    shape: readonly number[],
    data: Float32Array | Uint8Array,
    options: { transfer?: boolean; scale?: number } = {},
  ): Promise<RunReply> {
    const next = this.#chain.then(
      () =>
        new Promise<RunReply>((resolve) => {
          const id = this.#nextId++;
          this.#pending.set(id, resolve);
          const request: RunRequest = {
            id,
            input,
            shape,
            data,
            ...(options.scale !== undefined ? { scale: options.scale } : {}),
          };
          this.#worker.postMessage(request, options.transfer ? [data.buffer as ArrayBuffer] : []);
        }),
    );
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /** Releases the session and stops the worker. */
  async close(): Promise<void> {
    this.#worker.postMessage({ type: 'close' });
    await Promise.race([
      new Promise((r) => this.#worker.once('message', r)),
      new Promise((r) => setTimeout(r, 2000)),
    ]);
    await this.#worker.terminate();
  }
}
