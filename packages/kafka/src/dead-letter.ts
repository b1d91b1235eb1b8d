import type { IHeaders } from 'kafkajs';
import { HeaderNames, headerIntInRange, headersToStrings } from './headers.js';

/** DeadLetter.stage symbols (schemas/DeadLetter.avsc). */
export type DeadLetterStage =
  | 'INGESTION'
  | 'PREPROCESSING'
  | 'INFERENCE'
  | 'SCORING'
  | 'STATE_TRACKER'
  | 'TEST';

/** The record a dead letter is built from. */
export interface FailedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders | undefined;
}

/** Why it failed. */
export interface FailureInfo {
  readonly stage: DeadLetterStage;
  readonly code: string;
  readonly retriable: boolean;
  readonly error: Error;
  readonly attempts: number;
  readonly captureId?: string | undefined;
  readonly blobUri?: string | undefined;
  readonly batchId?: string | undefined;
  readonly now: number;
}

/** Builds the DeadLetter value (schemas/DeadLetter.avsc): everything needed to inspect and replay the record. */
export function toDeadLetter(record: FailedRecord, failure: FailureInfo): Record<string, unknown> {
  // Headers are input: clamp what a producer wrote into the longs and ints of the schema.
  const firstFailure = headerIntInRange(record.headers, HeaderNames.firstFailureMs, failure.now, {
    min: 0,
    max: failure.now,
  });
  return {
    stage: failure.stage,
    reason_code: failure.code,
    retriable: failure.retriable,
    error_message: failure.error.message,
    error_stack: failure.error.stack ?? null,
    original_topic: record.topic,
    original_partition: record.partition,
    original_offset: Number(record.offset),
    original_key: record.key === null ? null : record.key.toString('utf8'),
    original_value: record.value ?? Buffer.alloc(0),
    original_headers: headersToStrings(record.headers),
    capture_id: failure.captureId ?? null,
    blob_uri: failure.blobUri ?? null,
    batch_id: failure.batchId ?? null,
    attempts: Math.min(Math.max(1, failure.attempts), 2_147_483_647),
    first_failure_at: firstFailure,
    last_failure_at: failure.now,
    dead_lettered_at: failure.now,
  };
}
