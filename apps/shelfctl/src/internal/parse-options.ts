import { InvalidArgumentError } from 'commander';

/** Commander parser: an http(s) URL. */
export function parseHttpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('must be an http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError('must be an http(s) URL');
  return value;
}

/** Commander parser: an ISO-8601 instant, as epoch ms. */
export function parseInstant(value: string): number {
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new InvalidArgumentError('must be an ISO-8601 instant');
  return at;
}

/** Commander parser: an integer >= 1. */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

/** Commander parser: an integer >= 0. */
export function parseNonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A time bound for filters: a duration back from `now` (`90s`, `30m`, `1h`, `2d`) or an ISO-8601 instant.
 * Returns epoch ms; throws InvalidArgumentError (a usage error) otherwise.
 */
export function parseTimeBound(value: string, now: number = Date.now()): number {
  const relative = /^(\d+)([smhd])$/.exec(value.trim());
  if (relative) return now - Number(relative[1]) * (UNIT_MS[relative[2] as string] as number);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
    throw new InvalidArgumentError('must be a duration (30m, 1h, 2d) or an ISO-8601 instant');
  }
  return parseInstant(value);
}
