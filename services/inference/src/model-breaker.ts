import { StageError } from '@shelfstream/errors';
import CircuitBreaker from 'opossum';
import { InferenceReasons } from './reasons.js';

/** Settings of {@link ModelBreaker}. */
export interface ModelBreakerOptions {
  /** Failure percentage over the rolling window that opens the breaker. @default 50 */
  readonly errorThresholdPercentage: number;
  /** How long the breaker stays open before letting one trial call through (half-open). (ms) */
  readonly resetTimeoutMs: number;
  /** Calls in the window before the breaker may open. @default 3 */
  readonly volumeThreshold: number;
  /** Length of the rolling statistics window. (ms) @default 10000 */
  readonly rollingCountTimeoutMs?: number;
}

/** Breaker state, as in the `shelfstream_breaker_state{name}` gauge: 0 closed, 1 half-open, 2 open. */
export type BreakerState = 'closed' | 'half-open' | 'open';

/**
 * An opossum circuit breaker around one tier's model call. While it is open, `fire` rejects at once with a
 * StageError INFERENCE_BREAKER_OPEN (the caller forwards the records to the next tier); after `resetTimeoutMs`
 * one trial call goes through (half-open) and closes it again on success. Timeouts are the model client's job
 * (opossum's own timeout is off), so a slow call counts as the failure the client reports.
 */
export class ModelBreaker<A extends unknown[], R> {
  readonly #breaker: CircuitBreaker<A, R>;

  constructor(name: string, call: (...args: A) => Promise<R>, options: ModelBreakerOptions) {
    this.#breaker = new CircuitBreaker(call, {
      name,
      timeout: false,
      errorThresholdPercentage: options.errorThresholdPercentage,
      resetTimeout: options.resetTimeoutMs,
      volumeThreshold: options.volumeThreshold,
      rollingCountTimeout: options.rollingCountTimeoutMs ?? 10_000,
      // A rejected request (4xx) or a bad image says nothing about the model's health.
      errorFilter: (err: { code?: string }) =>
        err?.code === 'INFERENCE_REMOTE_REJECTED' || err?.code === 'DETECTOR_IMAGE_DECODE_FAILED',
    });
  }

  /** Calls through the breaker. */
  async fire(...args: A): Promise<R> {
    try {
      return await this.#breaker.fire(...args);
    } catch (err) {
      if ((err as { code?: string }).code === 'EOPENBREAKER') {
        throw new StageError('INFERENCE_BREAKER_OPEN', `${this.#breaker.name} breaker is open`, {
          retriable: InferenceReasons.INFERENCE_BREAKER_OPEN.retriable,
          cause: err,
        });
      }
      throw err;
    }
  }

  /** Current state. */
  get state(): BreakerState {
    if (this.#breaker.opened) return 'open';
    if (this.#breaker.halfOpen) return 'half-open';
    return 'closed';
  }

  /** Subscribes to state changes. */
  onStateChange(listener: (state: BreakerState) => void): void {
    this.#breaker.on('open', () => listener('open'));
    this.#breaker.on('halfOpen', () => listener('half-open'));
    this.#breaker.on('close', () => listener('closed'));
  }

  /** Stops the breaker's timers. */
  shutdown(): void {
    this.#breaker.shutdown();
  }
}
