/** Backoff settings of the remote client. */
export interface BackoffPolicy {
  /** First delay before jitter. (ms) */
  readonly baseDelayMs: number;
  /** Longest delay, also the cap on a server's Retry-After. (ms) */
  readonly maxDelayMs: number;
}

/**
 * Parses an HTTP Retry-After value (delta-seconds or an HTTP-date) into milliseconds from `nowMs`;
 * undefined when absent or unparseable.
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * Delay before retry number `attempt` (1 = first retry): the server's Retry-After when it sent one (capped at
 * `maxDelayMs`), else exponential backoff with full jitter, `random() * min(max, base * 2^(attempt-1))`.
 */
export function retryDelayMs(
  policy: BackoffPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(policy.maxDelayMs, retryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}
