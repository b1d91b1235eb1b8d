/**
 * How long to wait before retrying, from a `Retry-After` header (RFC 9110: delay-seconds or an HTTP-date).
 * Returns `undefined` when the header is absent or unreadable, so the caller can fall back to its own backoff.
 * A date in the past gives 0.
 */
export function retryAfterMs(
  header: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Some servers send fractional seconds; accept them rather than ignore the hint.
  if (/^\d+\.\d+$/.test(text)) return Math.ceil(Number(text) * 1000);
  // An HTTP-date names a weekday and month; a bare number such as "-5" is not one (Date.parse would accept it).
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
