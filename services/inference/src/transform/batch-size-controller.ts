/** Settings of {@link BatchSizeController}. */
export interface BatchSizeControllerOptions {
  /** Largest batch ever formed (the off-peak seed). @default 32 (images) */
  readonly maxBatch: number;
  /** Largest batch while memory is under pressure. @default 8 (images) */
  readonly pressureMaxBatch: number;
  /** Batch latency objective: a batch slower than this halves the target. (ms) */
  readonly latencySlaMs: number;
  /** Fraction of the memory limit above which the target shrinks. @default 0.85 */
  readonly memoryHighWater: number;
  /**
   * Per-image saving a larger batch must bring over half its size to be worth it (0.1 = 10 % cheaper per image);
   * below it the controller steps down, which lets it settle on 1 where batching does not pay (onnxruntime#3190).
   * @default 0.1
   */
  readonly minGain: number;
  /** Weight of the newest sample in the per-size cost averages. @default 0.3 */
  readonly smoothing: number;
  /** Target to start from. @default maxBatch */
  readonly initialBatch?: number;
}

/** One finished batch as the controller sees it. */
export interface BatchObservation {
  readonly size: number;
  /** Wall time of the model call for the whole batch (ms). */
  readonly latencyMs: number;
  /** Records waiting behind this batch (consumer lag plus what is queued in the process). */
  readonly backlog: number;
  /** Process memory in use as a fraction of its limit (0-1). */
  readonly memoryRatio: number;
}

/** Why the target last changed (for logs and tests). */
export type BatchDecision = 'memory-pressure' | 'over-sla' | 'probe-smaller' | 'no-gain' | 'grow' | 'hold';

/**
 * Adapts the target batch size, AIMD-style, to what batching actually buys on this machine:
 * multiplicative decrease on memory pressure (capped at `pressureMaxBatch`) or a batch over the latency SLA;
 * a step down (halving) when batches of half the size cost as little per image (batching does not pay), which
 * converges on 1 on CPUs where onnxruntime gains nothing from batches; additive increase while a backlog waits
 * and the larger size has not been shown to be no cheaper. Pure: no clock, no I/O.
 */
export class BatchSizeController {
  readonly #o: Required<BatchSizeControllerOptions>;
  readonly #costPerImage = new Map<number, number>();
  #target: number;
  #probe: number | undefined;
  #lastDecision: BatchDecision = 'hold';

  constructor(
    options: Partial<BatchSizeControllerOptions> & Pick<BatchSizeControllerOptions, 'latencySlaMs'>,
  ) {
    const maxBatch = options.maxBatch ?? 32;
    this.#o = {
      maxBatch,
      pressureMaxBatch: options.pressureMaxBatch ?? 8,
      latencySlaMs: options.latencySlaMs,
      memoryHighWater: options.memoryHighWater ?? 0.85,
      minGain: options.minGain ?? 0.1,
      smoothing: options.smoothing ?? 0.3,
      initialBatch: options.initialBatch ?? maxBatch,
    };
    this.#target = clamp(this.#o.initialBatch, 1, maxBatch);
  }

  /** Size the next batch may reach (a one-off smaller probe while the controller measures half the target). */
  get next(): number {
    return this.#probe ?? this.#target;
  }

  /** The size the controller has settled on. */
  get target(): number {
    return this.#target;
  }

  /** Why the target last changed. */
  get lastDecision(): BatchDecision {
    return this.#lastDecision;
  }

  /** Per-image cost (ms) measured for a batch size, if any. */
  costPerImage(size: number): number | undefined {
    return this.#costPerImage.get(size);
  }

  /** Feeds one finished batch; returns the decision taken. */
  observe(o: BatchObservation): BatchDecision {
    if (o.size <= 0) return this.#decide('hold');
    const sample = o.latencyMs / o.size;
    const before = this.#costPerImage.get(o.size);
    this.#costPerImage.set(
      o.size,
      before === undefined ? sample : before + this.#o.smoothing * (sample - before),
    );
    this.#probe = undefined;

    if (o.memoryRatio > this.#o.memoryHighWater) {
      this.#target = Math.min(this.#o.pressureMaxBatch, Math.max(1, Math.floor(this.#target / 2)));
      return this.#decide('memory-pressure');
    }
    if (o.latencyMs > this.#o.latencySlaMs && this.#target > 1) {
      this.#target = Math.max(1, Math.floor(this.#target / 2));
      return this.#decide('over-sla');
    }
    if (this.#target > 1) {
      const half = Math.max(1, Math.floor(this.#target / 2));
      const halfCost = this.#costPerImage.get(half);
      const fullCost = this.#costPerImage.get(this.#target);
      if (halfCost === undefined) {
        this.#probe = half;
        return this.#decide('probe-smaller');
      }
      if (fullCost !== undefined && fullCost > halfCost * (1 - this.#o.minGain)) {
        this.#target = half;
        return this.#decide('no-gain');
      }
    }
    if (o.backlog > this.#target && this.#target < this.#o.maxBatch) {
      const up = Math.min(this.#o.maxBatch, this.#target + Math.max(1, Math.ceil(this.#target / 4)));
      const upCost = this.#costPerImage.get(up);
      const hereCost = this.#costPerImage.get(this.#target);
      const shownNoCheaper =
        upCost !== undefined && hereCost !== undefined && upCost > hereCost * (1 - this.#o.minGain);
      if (!shownNoCheaper) {
        this.#target = up;
        return this.#decide('grow');
      }
    }
    return this.#decide('hold');
  }

  #decide(decision: BatchDecision): BatchDecision {
    this.#lastDecision = decision;
    return decision;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.floor(v)));
}
