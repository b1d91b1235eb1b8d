import type { IHeaders, KafkaMessage } from 'kafkajs';
import { HeaderNames, headerInt, headerIntInRange } from './headers.js';

/** Largest `x-attempt` taken from a header (the DeadLetter's `attempts` is an Avro int). */
const MAX_ATTEMPT_HEADER = 1_000_000;

/** The part of a retry-topic chunk that may be processed now. */
export interface GatedChunk {
  /** The leading records whose due time has come, in order. */
  readonly due: readonly KafkaMessage[];
  /**
   * The due time (epoch ms) of the first record that is not due yet; undefined when every record is due. Records
   * behind it wait too, even if due: a partition is processed in order.
   */
  readonly waitUntilMs: number | undefined;
}

/**
 * The attempt a consumed record is on: 1 without an `x-attempt` header. Headers are input: a producer outside the
 * mesh may send anything (x-attempt: 3000000000 overflowed the DeadLetter's int and stopped ingestion on that record).
 */
export function attemptOf(headers: IHeaders | undefined): number {
  return headerIntInRange(headers, HeaderNames.attempt, 1, { min: 1, max: MAX_ATTEMPT_HEADER });
}

/** When a retry-topic record is due (epoch ms); a missing or malformed `x-due-ms` makes it due at once. */
export function dueAtOf(headers: IHeaders | undefined): number {
  return headerInt(headers, HeaderNames.dueMs, 0);
}

/** Splits a retry-topic chunk at its first record not due by `nowMs`. */
export function gateRetryChunk(chunk: readonly KafkaMessage[], nowMs: number): GatedChunk {
  const notDue = chunk.findIndex((m) => dueAtOf(m.headers) > nowMs);
  if (notDue < 0) return { due: chunk, waitUntilMs: undefined };
  return { due: chunk.slice(0, notDue), waitUntilMs: dueAtOf(chunk[notDue]?.headers) };
}
