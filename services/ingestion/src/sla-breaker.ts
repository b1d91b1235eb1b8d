import { MetricNames } from '@shelfstream/observability';
import CircuitBreaker from 'opossum';
import { Gauge, type Registry } from 'prom-client';

/** One reading of how far behind the mesh is. */
export interface MeshPressure {
  /** Records the downstream groups have not consumed yet (the largest of the groups). */
  readonly lagRecords?: number | undefined;
  /** Recent capture->score p99 (ms), from the state tracker's captures table; undefined when too few were scored. */
  readonly latencyMs?: number | undefined;
}

/** Reads the mesh's pressure; may throw (a failed probe keeps the breaker's state). */
export type PressureProbe = () => Promise<MeshPressure>;

/** Settings of {@link SlaBreaker}. */
export interface SlaBreakerOptions {
  readonly maxLagRecords: number;
  readonly maxLatencyMs: number;
  readonly probeIntervalMs: number;
  /** How long the breaker stays open before a half-open probe (ms): the gateway's Retry-After. */
  readonly resetMs: number;
}

/**
 * The SLA breaker: an opossum circuit whose "call" is a pressure probe that fails when lag or latency is over its
 * threshold. The first failing probe opens it; after `resetMs` it goes half-open and the next probe closes it again
 * when the mesh has caught up, so it recovers by itself. While it is not closed, the gateway answers 429 with
 * Retry-After and the Kafka input pauses (StageDefinition.isOverloaded).
 */
export class SlaBreaker {
  readonly #breaker: CircuitBreaker<[], void>;
  readonly #options: SlaBreakerOptions;
  #timer: NodeJS.Timeout | undefined;
  #last: MeshPressure = {};

  constructor(
    probe: PressureProbe,
    options: SlaBreakerOptions,
    metrics?: Registry,
    onProbeError?: (err: unknown) => void,
  ) {
    this.#options = options;
    this.#breaker = new CircuitBreaker(
      async () => {
        let pressure: MeshPressure;
        try {
          pressure = await probe();
        } catch (err) {
          // Not knowing is not being behind: a failed probe must not shed load by itself.
          onProbeError?.(err);
          return;
        }
        this.#last = pressure;
        const reason = overloadReason(pressure, options);
        if (reason) throw new Error(reason);
      },
      {
        timeout: false,
        // Any failing probe in the window opens the circuit: the probe itself already compares with the threshold.
        errorThresholdPercentage: 1,
        volumeThreshold: 1,
        resetTimeout: options.resetMs,
        rollingCountTimeout: Math.max(1000, options.probeIntervalMs * 5),
        rollingCountBuckets: 5,
      },
    );
    if (metrics) {
      const breaker = this;
      new Gauge({
        name: MetricNames.breakerState,
        help: 'circuit breaker state: 0 closed, 1 half-open, 2 open',
        labelNames: ['name'],
        registers: [metrics],
        collect() {
          this.set({ name: 'ingestion-sla' }, breaker.open ? (breaker.halfOpen ? 1 : 2) : 0);
        },
      });
    }
  }

  /** Starts probing every `probeIntervalMs`. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.probeNow(), this.#options.probeIntervalMs);
    this.#timer.unref();
  }

  /** Runs one probe now (rejected silently while open: opossum short-circuits). */
  async probeNow(): Promise<void> {
    await this.#breaker.fire().catch(() => undefined);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#breaker.shutdown();
  }

  /** True while the gateway should shed load: open or half-open. */
  get open(): boolean {
    return !this.#breaker.closed;
  }

  get halfOpen(): boolean {
    return this.#breaker.halfOpen;
  }

  /** Seconds a shed client should wait: the reset timeout, rounded up. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.#options.resetMs / 1000));
  }

  /** The last pressure reading (for logs and /readyz detail). */
  get lastPressure(): MeshPressure {
    return this.#last;
  }
}

/** Why a pressure reading is over the SLA, or undefined when it is not. */
export function overloadReason(
  p: MeshPressure,
  o: Pick<SlaBreakerOptions, 'maxLagRecords' | 'maxLatencyMs'>,
): string | undefined {
  if (p.lagRecords !== undefined && p.lagRecords > o.maxLagRecords)
    return `downstream lag ${p.lagRecords} > ${o.maxLagRecords} records`;
  if (p.latencyMs !== undefined && p.latencyMs > o.maxLatencyMs)
    return `capture->score latency ${p.latencyMs} > ${o.maxLatencyMs} ms`;
  return undefined;
}
