import { traceHeaders } from '@shelfstream/observability';
import type { Message } from 'kafkajs';
import { type DeadLetterStage, toDeadLetter } from './dead-letter.js';
import type { DecodedRecord } from './decode-record.js';
import { firstOriginHeaders, HeaderNames, headerString } from './headers.js';
import type { StageOutput } from './stage-definition.js';

/** A message for one topic, as a chunk's transaction sends it. */
export interface OutgoingMessage {
  readonly topic: string;
  readonly message: Message;
}

type Decoded = Extract<DecodedRecord<unknown>, { kind: 'decoded' }>;

/**
 * A stage output with its encoded value. Its `x-attempt` starts again at 1: the next stage's retry budget is its
 * own. The stage's headers come last, so a stage may override the standard ones.
 */
export function outputMessage(output: StageOutput, from: Decoded, value: Buffer): OutgoingMessage {
  const { record } = from;
  return {
    topic: output.topic,
    message: {
      key: output.key,
      value,
      headers: {
        ...traceHeaders(record.traceContext),
        [HeaderNames.attempt]: '1',
        [HeaderNames.firstSeenMs]: String(record.firstSeenMs),
        [HeaderNames.originTopic]: record.originTopic,
        ...output.headers,
      },
    },
  };
}

/**
 * The consumed record again, bytes untouched, for the retry topic: next attempt, due time, first origin (so the retry
 * is recognised as a redelivery) and the first failure's time, kept from the first retry on.
 */
export function retryMessage(
  from: Decoded,
  retryTopic: string,
  retry: { readonly code: string; readonly delayMs: number; readonly nowMs: number },
): OutgoingMessage {
  const { message, record } = from;
  return {
    topic: retryTopic,
    message: {
      key: message.key,
      value: message.value,
      headers: {
        ...message.headers,
        ...traceHeaders(record.traceContext),
        [HeaderNames.attempt]: String(from.attempt + 1),
        [HeaderNames.firstSeenMs]: String(record.firstSeenMs),
        ...firstOriginHeaders(from.firstOrigin),
        [HeaderNames.dueMs]: String(retry.nowMs + retry.delayMs),
        [HeaderNames.firstFailureMs]:
          headerString(message.headers, HeaderNames.firstFailureMs) ?? String(retry.nowMs),
        [HeaderNames.lastReason]: retry.code,
      },
    },
  };
}

/** Why a record is dead-lettered, as the DeadLetter value records it. */
export interface DeadLetterFailure {
  readonly stage: DeadLetterStage;
  readonly code: string;
  readonly retriable: boolean;
  readonly error: Error;
  readonly nowMs: number;
}

/** The DeadLetter value (before encoding) for a consumed record. */
export function deadLetterValue(
  from: DecodedRecord<unknown>,
  failure: DeadLetterFailure,
): Record<string, unknown> {
  const { message } = from;
  return toDeadLetter(
    {
      topic: from.topic,
      partition: from.partition,
      offset: message.offset,
      key: message.key,
      value: message.value,
      headers: message.headers,
    },
    {
      stage: failure.stage,
      code: failure.code,
      retriable: failure.retriable,
      error: failure.error,
      attempts: from.attempt,
      captureId: from.captureId,
      now: failure.nowMs,
    },
  );
}

/** The DLQ message carrying an encoded DeadLetter; an undecodable record has no trace to carry on. */
export function deadLetterMessage(
  from: DecodedRecord<unknown>,
  deadLetterTopic: string,
  value: Buffer,
): OutgoingMessage {
  return {
    topic: deadLetterTopic,
    message: {
      key: from.message.key,
      value,
      headers: {
        ...(from.kind === 'decoded' ? traceHeaders(from.record.traceContext) : {}),
        [HeaderNames.attempt]: String(from.attempt),
        [HeaderNames.originTopic]: from.originTopic,
      },
    },
  };
}
