/** Timer functions the batcher uses; tests pass a fake clock. */
export interface BatcherClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. */
export const systemClock: BatcherClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** One batch handed to the runner function. */
export interface Batch<T> {
  readonly id: number;
  readonly route: string;
  readonly items: readonly T[];
  /** When each item was submitted (clock ms), in item order. */
  readonly enqueuedAt: readonly number[];
  /** Why it was dispatched. */
  readonly trigger: 'size' | 'delay' | 'drain';
}

/** Settings of {@link DynamicBatcher}. */
export interface DynamicBatcherOptions<T, R> {
  /** Current batch size limit (read at every submit and dispatch; an adaptive controller's `next`). */
  readonly batchSize: () => number;
  /** Longest wait of the first item of a partial batch before it is dispatched anyway. (ms) */
  readonly maxDelayMs: number;
  /** Runs one batch; must return one result per item, in order. Called one batch at a time. */
  readonly run: (batch: Batch<T>) => Promise<readonly R[]>;
  readonly clock?: BatcherClock;
}

interface Pending<T, R> {
  readonly item: T;
  readonly at: number;
  readonly resolve: (r: R) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Collects items per route into batches of up to `batchSize()` items, or dispatches what a route has once its
 * oldest item waited `maxDelayMs`, whichever comes first; batches run strictly one at a time (one inference at a
 * time per process), in dispatch order.
 */
export class DynamicBatcher<T, R> {
  readonly #o: DynamicBatcherOptions<T, R>;
  readonly #clock: BatcherClock;
  readonly #queues = new Map<string, Pending<T, R>[]>();
  readonly #timers = new Map<string, unknown>();
  #chain: Promise<void> = Promise.resolve();
  #nextId = 1;
  #inFlight = 0;

  constructor(options: DynamicBatcherOptions<T, R>) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** Items waiting in queues (not yet dispatched). */
  get queued(): number {
    let n = 0;
    for (const q of this.#queues.values()) n += q.length;
    return n;
  }

  /** Batches dispatched and not finished. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Queues one item on its route; resolves with its result when its batch has run. */
  submit(route: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.#queues.get(route) ?? [];
      this.#queues.set(route, queue);
      queue.push({ item, at: this.#clock.now(), resolve, reject });
      if (queue.length >= Math.max(1, this.#o.batchSize())) {
        this.#dispatch(route, 'size');
      } else if (!this.#timers.has(route)) {
        this.#timers.set(
          route,
          this.#clock.setTimeout(() => {
            this.#timers.delete(route);
            this.#dispatch(route, 'delay');
          }, this.#o.maxDelayMs),
        );
      }
    });
  }

  /** Dispatches every queued item now (shutdown, or the caller knows nothing more is coming). */
  drain(): void {
    for (const route of [...this.#queues.keys()]) this.#dispatch(route, 'drain');
  }

  #dispatch(route: string, trigger: Batch<T>['trigger']): void {
    const timer = this.#timers.get(route);
    if (timer !== undefined) {
      this.#clock.clearTimeout(timer);
      this.#timers.delete(route);
    }
    const queue = this.#queues.get(route) ?? [];
    while (queue.length > 0) {
      const taken = queue.splice(0, Math.max(1, this.#o.batchSize()));
      this.#enqueueRun(route, taken, trigger);
      // After a size trigger, a remainder smaller than a batch waits for more (or its delay).
      if (trigger !== 'drain' && queue.length < Math.max(1, this.#o.batchSize())) break;
    }
    if (queue.length === 0) this.#queues.delete(route);
    else if (!this.#timers.has(route)) {
      this.#timers.set(
        route,
        this.#clock.setTimeout(
          () => {
            this.#timers.delete(route);
            this.#dispatch(route, 'delay');
          },
          Math.max(0, this.#o.maxDelayMs - (this.#clock.now() - (queue[0] as Pending<T, R>).at)),
        ),
      );
    }
  }

  #enqueueRun(route: string, taken: Pending<T, R>[], trigger: Batch<T>['trigger']): void {
    const batch: Batch<T> = {
      id: this.#nextId++,
      route,
      items: taken.map((p) => p.item),
      enqueuedAt: taken.map((p) => p.at),
      trigger,
    };
    this.#inFlight++;
    this.#chain = this.#chain.then(async () => {
      try {
        const results = await this.#o.run(batch);
        if (results.length !== taken.length) {
          throw new Error(`batch runner returned ${results.length} results for ${taken.length} items`);
        }
        taken.forEach((p, i) => {
          p.resolve(results[i] as R);
        });
      } catch (err) {
        for (const p of taken) p.reject(err);
      } finally {
        this.#inFlight--;
      }
    });
  }
}
