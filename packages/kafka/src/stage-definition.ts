import type { Context } from '@opentelemetry/api';
import type { Outcome } from '@shelfstream/errors';
import type { Logger } from '@shelfstream/observability';
import type { IHeaders } from 'kafkajs';
import type { RetryPolicy } from './backoff.js';
import type { DeadLetterStage } from './dead-letter.js';
import type { FirstOrigin } from './headers.js';

/** One decoded input record, as a stage's `process` sees it. */
export interface StageRecord<In> {
  /** The topic it was consumed from (an input topic or the stage's retry topic). */
  readonly topic: string;
  /** The input topic it first arrived on (differs from `topic` for retried records). */
  readonly originTopic: string;
  /**
   * Where this logical record was first consumed (topic, partition, offset), carried through the retry topic and DLQ
   * replays in `x-origin-*` headers: side-effect ledgers compare it to tell a redelivery (re-emit the output) from a
   * different record for the same capture (a duplicate).
   */
  readonly firstOrigin: FirstOrigin;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: In;
  /** The framed bytes as consumed: what a DLQ record or a retry carries. */
  readonly rawValue: Buffer;
  readonly headers: IHeaders;
  /** 1 for the first attempt, 2 for the first retry, ... */
  readonly attempt: number;
  /** When the mesh first saw this capture (epoch ms), carried along every stage. */
  readonly firstSeenMs: number;
  /** Trace context of this record's processing span: outputs carry it in `traceparent`. */
  readonly traceContext: Context;
  /** Logger whose lines carry capture_id and trace_id. */
  readonly logger: Logger;
}

/** A record for the stage to produce, with a typed value encoded by the topic's schema. */
export interface StageOutput {
  readonly topic: string;
  readonly key: string;
  readonly value: unknown;
  /** Extra headers; the standard ones are added by the runner. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a stage is: its inputs, its retry and DLQ policy and its `process` function. */
export interface StageDefinition<In> {
  /** Stage id: names the retry topic `shelf.retry.<name>.v1` and the metrics' `stage` label. */
  readonly name: string;
  readonly deadLetterStage: DeadLetterStage;
  readonly groupId: string;
  readonly inputTopics: readonly string[];
  /** The stage's retry topic; `null` disables retries (transient failures are then dead-lettered). */
  readonly retryTopic: string | null;
  readonly deadLetterTopic: string;
  readonly retryPolicy?: RetryPolicy;
  /** Most records handed to `process` (and committed) at once. @default 50 */
  readonly maxBatchRecords?: number;
  /** The capture id of a decoded value, for logs and the DLQ. @default the record key */
  readonly captureIdOf?: (value: In) => string | undefined;
  /** Output topics whose schema ids are looked up at start-up, so a registry outage later is only a retry. */
  readonly outputTopics?: readonly string[];
  /**
   * Group session timeout. A chunk's processing is bounded by two thirds of it (its records are then retried with
   * KAFKA_CHUNK_TIMEOUT), and the runner heartbeats while a chunk is processed. @default 30000 ms
   */
  readonly sessionTimeoutMs?: number;
  /**
   * Longest time a chunk is held and retried in place while a dependency is down (see the runner). @default 600000 ms
   */
  readonly maxOutageHoldMs?: number;
  /** Called when the stage should stop taking records (e.g. a downstream SLA breaker is open). */
  readonly isOverloaded?: () => boolean;
  /**
   * Processes a chunk of records of one partition, in order; returns one outcome per record, in the same order.
   * Side effects must be idempotent (the chunk is redone if the transaction fails).
   */
  readonly process: (records: readonly StageRecord<In>[]) => Promise<readonly Outcome<StageOutput>[]>;
}

/** A stage's `process` function: a chunk of decoded records of one partition in, one outcome per record out. */
export type StageProcess<In> = StageDefinition<In>['process'];

/**
 * What a stage consumes: its name, consumer group, input, retry and dead-letter topics and how to name a record's
 * capture. Every stage service's `input.ts` returns one (`stageInput`); `main.ts` spreads it into the
 * {@link StageDefinition} with the stage's `process` and output topics.
 */
export type StageInput<In> = Pick<
  StageDefinition<In>,
  'name' | 'deadLetterStage' | 'groupId' | 'inputTopics' | 'retryTopic' | 'deadLetterTopic' | 'captureIdOf'
>;
