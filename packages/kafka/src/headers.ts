import type { RecordOrigin } from '@shelfstream/errors';
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
  /**
   * With `x-origin-topic`: the partition and offset of the record's FIRST consumption, carried through retry topics
   * and DLQ replays so a redelivery of the same logical record is recognised as such (not as a duplicate).
   */
  originPartition: 'x-origin-partition',
  originOffset: 'x-origin-offset',
} as const;

/** Where a record was first consumed: what tells a redelivery of one logical record from a different record. */
export type FirstOrigin = RecordOrigin;

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

/**
 * Reads an integer header that a producer outside the mesh may have set: absent, malformed or non-finite gives
 * `fallback`, and the value is clamped into `[min, max]`, so a hostile `x-attempt: 3000000000` cannot overflow an
 * Avro int downstream.
 */
export function headerIntInRange(
  headers: IHeaders | undefined,
  name: string,
  fallback: number,
  range: { readonly min: number; readonly max: number },
): number {
  const value = headerInt(headers, name, fallback);
  if (!Number.isSafeInteger(value)) return fallback;
  return Math.min(range.max, Math.max(range.min, value));
}

/**
 * The first origin of a record: the `x-origin-*` triple when all three headers are present and well-formed and the
 * topic is one of `inputTopics` (the stage's own inputs: a header cannot point a record at another stage's history),
 * else the record's own coordinates.
 */
export function firstOriginOf(
  headers: IHeaders | undefined,
  own: FirstOrigin,
  inputTopics: readonly string[],
): FirstOrigin {
  const topic = headerString(headers, HeaderNames.originTopic);
  const partition = headerString(headers, HeaderNames.originPartition);
  const offset = headerString(headers, HeaderNames.originOffset);
  if (topic === undefined || partition === undefined || offset === undefined) return own;
  if (!inputTopics.includes(topic) || !/^\d{1,9}$/.test(partition) || !/^\d{1,19}$/.test(offset)) return own;
  return { topic, partition: Number(partition), offset: BigInt(offset).toString() };
}

/** The three headers that carry a record's first origin (see {@link firstOriginOf}). */
export function firstOriginHeaders(origin: FirstOrigin): Record<string, string> {
  return {
    [HeaderNames.originTopic]: origin.topic,
    [HeaderNames.originPartition]: String(origin.partition),
    [HeaderNames.originOffset]: origin.offset,
  };
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
