import { retryAfterMs } from './retry-after.js';

/**
 * Answers worth another try: 429 (the store's rate limit, or the SLA breaker shedding load) and the 5xx that mean
 * "temporarily unable": 503 (the gateway's own answer when PostgreSQL, Kafka or the blob store is down) and 502/504
 * (a proxy in front of the gateway). A 500 is the gateway's INGEST_UNEXPECTED_ERROR (a bug: the same request fails again)
 * and any other 4xx is a refusal of the capture itself: neither is retried.
 */
export const RETRIABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** How many retries, and how long to wait between them. */
export interface RetryPolicy {
  /** Retries after the first attempt, for any retriable outcome. @default 5 */
  readonly maxRetries?: number;
  /** Time budget from the first attempt (ms): no retry whose wait would end past it. @default unlimited */
  readonly retryForMs?: number;
  /** Backoff when no Retry-After is given: base * 2^retry (ms). @default 500 */
  readonly baseBackoffMs?: number;
  /** Upper bound of that backoff (ms). @default maxWaitMs */
  readonly maxBackoffMs?: number;
  /** Upper bound of one wait, whatever Retry-After says (ms). @default 60000 */
  readonly maxWaitMs?: number;
}

/** One failed attempt: the HTTP status (null when no answer came: refused, reset, timed out) and its Retry-After. */
export interface FailedAttempt {
  readonly status: number | null;
  readonly retryAfter: string | null;
}

/**
 * The one retry rule of the gateway client: a network error or a {@link RETRIABLE_STATUSES} answer is retried while
 * the policy's budget lasts, after what Retry-After says (capped at `maxWaitMs`) or exponential backoff without it.
 * Returns the wait in ms, or undefined when the attempt is final (`retry` counts from 0, `elapsedMs` since the start).
 */
export function retryWaitMs(
  failed: FailedAttempt,
  retry: number,
  elapsedMs: number,
  policy: RetryPolicy,
  now: number = Date.now(),
): number | undefined {
  if (failed.status !== null && !RETRIABLE_STATUSES.has(failed.status)) return undefined;
  if (retry >= (policy.maxRetries ?? 5)) return undefined;
  const maxWaitMs = policy.maxWaitMs ?? 60_000;
  const backoffMs = Math.min(policy.maxBackoffMs ?? maxWaitMs, (policy.baseBackoffMs ?? 500) * 2 ** retry);
  const waitMs = Math.min(maxWaitMs, retryAfterMs(failed.retryAfter, now) ?? backoffMs);
  if (policy.retryForMs !== undefined && elapsedMs + waitMs > policy.retryForMs) return undefined;
  return waitMs;
}
