import type { IHeaders } from 'kafkajs';

/** Header names carried on every shelfstream record (DESIGN.md). */
export const HeaderNames = {
  traceparent: 'traceparent',
  attempt: 'x-attempt',
  firstSeenMs: 'x-first-seen-ms',
  originTopic: 'x-origin-topic',
  /** On retry topics: when the record is due for its next attempt (epoch ms). */
  dueMs: 'x-due-ms',
  /** On retry topics: when the first attempt failed (epoch ms). */
  firstFailureMs: 'x-first-failure-ms',
  /** On retry topics: the reason code of the last failure. */
  lastReason: 'x-last-reason',
} as const;

/** Reads a header as a UTF-8 string. */
export function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value === undefined ? undefined : value.toString();
}

/** Reads a header as an integer, or `fallback` when absent or malformed. */
export function headerInt(headers: IHeaders | undefined, name: string, fallback: number): number {
  const text = headerString(headers, name);
  if (text === undefined || !/^-?\d+$/.test(text)) return fallback;
  return Number(text);
}

/** Headers as a plain string map (for the DeadLetter record). */
export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers ?? {})) {
    const value = headerString(headers, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}
