import type { Worker } from 'node:worker_threads';
import { startWorker } from '@shelfstream/service-kit/worker';
import type { RunReply, SessionReady, TensorInfo } from './session-protocol.js';

/** The served model, running in its own worker thread. */
export class ModelSession {
  readonly #worker: Worker;
  readonly #pending = new Map<number, (r: RunReply) => void>();
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
      session.#pending.get(r.id)?.(r);
      session.#pending.delete(r.id);
    });
    return session;
  }

  /** True when the model is loaded. */
  get ready(): boolean {
    return this.loadError === undefined;
  }

  /** Runs one request; requests run one at a time in arrival order. */
  run(input: string, shape: readonly number[], data: Float32Array): Promise<RunReply> {
    const next = this.#chain.then(
      () =>
        new Promise<RunReply>((resolve) => {
          const id = this.#nextId++;
          this.#pending.set(id, resolve);
          this.#worker.postMessage({ id, input, shape, data });
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
