/** Retry settings of a stage. */
export interface RetryPolicy {
  /** Processing attempts before a transient failure is dead-lettered (the first try counts). @default 5 */
  readonly maxAttempts: number;
  /** Delay before the second attempt. @default 500 ms */
  readonly initialDelayMs: number;
  /** Growth per attempt. @default 2 */
  readonly multiplier: number;
  /** Upper bound of one delay. @default 60000 ms */
  readonly maxDelayMs: number;
  /** Share of the delay randomised ("equal jitter"): 0 = none, 1 = anywhere in [0, delay]. @default 0.5 */
  readonly jitter: number;
}

/** The default retry policy. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 500,
  multiplier: 2,
  maxDelayMs: 60_000,
  jitter: 0.5,
};

/**
 * The delay before attempt `failedAttempt + 1`: exponential growth capped at `maxDelayMs`, with jitter so that a
 * burst of failures does not come back as a burst.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  failedAttempt: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(
    policy.maxDelayMs,
    policy.initialDelayMs * policy.multiplier ** Math.max(0, failedAttempt - 1),
  );
  const jittered = base * (1 - policy.jitter) + base * policy.jitter * random();
  return Math.round(jittered);
}
