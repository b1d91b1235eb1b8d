import { isStageError, type Outcome } from '@shelfstream/errors';
import type { Logger } from '@shelfstream/observability';
import type { AvroCodec } from './avro-codec.js';
import { type RetryPolicy, retryDelayMs } from './backoff.js';
import type { DeadLetterStage } from './dead-letter.js';
import type { DecodedRecord } from './decode-record.js';
import type { StageOutput } from './stage-definition.js';
import {
  deadLetterMessage,
  deadLetterValue,
  type OutgoingMessage,
  outputMessage,
  retryMessage,
} from './stage-messages.js';

/** Which way a record went: what its metrics and log line say. */
export type Disposition =
  | { readonly kind: 'ok' }
  | { readonly kind: 'skip'; readonly code: string }
  | {
      readonly kind: 'retry';
      readonly code: string;
      readonly attempt: number;
      readonly delayMs: number;
      readonly error: Error;
    }
  | {
      readonly kind: 'dead-letter';
      readonly code: string;
      readonly attempts: number;
      readonly error: Error;
      /** The stage's outcome was ok but an output did not fit its schema: the input is dead-lettered instead. */
      readonly unencodableOutput: boolean;
    };

/** The messages one record produces, and which way it went. */
export interface RoutedRecord {
  readonly messages: readonly OutgoingMessage[];
  readonly disposition: Disposition;
}

/** The stage's side of routing: its topics, retry policy and DLQ stage. */
export interface RoutingContext {
  readonly codec: Pick<AvroCodec, 'encode'>;
  readonly retryTopic: string | null;
  readonly deadLetterTopic: string;
  readonly deadLetterStage: DeadLetterStage;
  readonly policy: RetryPolicy;
  readonly now: () => number;
}

type Failure = { readonly code: string; readonly retriable: boolean; readonly error: Error };

/**
 * Turns a record's outcome into the messages to produce: the outputs (ok), nothing (skip), the record again on the
 * retry topic (retry, while attempts are left and the stage has a retry topic), or a DeadLetter (otherwise). A record
 * that did not decode is dead-lettered with its decode failure; one the stage gave no outcome for, as
 * STAGE_UNHANDLED_ERROR.
 *
 * Throws a retriable StageError (the registry is down while encoding): the chunk is then consumed again.
 */
export async function routeOutcome(
  from: DecodedRecord<unknown>,
  processed: Outcome<StageOutput> | undefined,
  context: RoutingContext,
): Promise<RoutedRecord> {
  if (from.kind === 'undecodable') {
    const { code, error } = from.failure;
    return deadLetter(from, { code, retriable: false, error }, context, false);
  }
  const outcome = processed ?? {
    kind: 'dead-letter' as const,
    code: 'STAGE_UNHANDLED_ERROR',
    error: new Error('no outcome'),
  };
  switch (outcome.kind) {
    case 'ok':
      return outputs(from, outcome.outputs, context);
    case 'skip':
      return { messages: [], disposition: { kind: 'skip', code: outcome.code } };
    case 'retry': {
      const { retryTopic, policy } = context;
      if (!retryTopic || from.attempt >= policy.maxAttempts) {
        return deadLetter(
          from,
          { code: outcome.code, retriable: true, error: outcome.error },
          context,
          false,
        );
      }
      const delayMs = retryDelayMs(policy, from.attempt);
      return {
        messages: [retryMessage(from, retryTopic, { code: outcome.code, delayMs, nowMs: context.now() })],
        disposition: {
          kind: 'retry',
          code: outcome.code,
          attempt: from.attempt,
          delayMs,
          error: outcome.error,
        },
      };
    }
    case 'dead-letter':
      return deadLetter(from, { code: outcome.code, retriable: false, error: outcome.error }, context, false);
  }
}

/** Logs a record's disposition on its own logger (capture and trace ids); ok and skip are only counted. */
export function logDisposition(logger: Logger, disposition: Disposition): void {
  if (disposition.kind === 'retry') {
    const { code, attempt, delayMs, error } = disposition;
    logger.warn({ code, attempt, delayMs, err: error }, 'transient failure: retrying');
  } else if (disposition.kind === 'dead-letter') {
    const { code, attempts, error } = disposition;
    if (disposition.unencodableOutput) {
      logger.error({ err: error, code }, 'output could not be encoded: dead-lettering the input');
    } else {
      logger.error({ code, attempts, err: error }, 'dead-lettering record');
    }
  }
}

async function outputs(
  from: Extract<DecodedRecord<unknown>, { kind: 'decoded' }>,
  produced: readonly StageOutput[],
  context: RoutingContext,
): Promise<RoutedRecord> {
  try {
    const messages = await Promise.all(
      produced.map(async (o) => outputMessage(o, from, await context.codec.encode(o.topic, o.value))),
    );
    return { messages, disposition: { kind: 'ok' } };
  } catch (err) {
    if (isStageError(err) && err.retriable) throw err;
    const error = err instanceof Error ? err : new Error(String(err));
    const code = isStageError(err) ? err.code : 'KAFKA_ENCODE_FAILED';
    return deadLetter(from, { code, retriable: false, error }, context, true);
  }
}

async function deadLetter(
  from: DecodedRecord<unknown>,
  failure: Failure,
  context: RoutingContext,
  unencodableOutput: boolean,
): Promise<RoutedRecord> {
  const { codec, deadLetterTopic } = context;
  const value = deadLetterValue(from, { ...failure, stage: context.deadLetterStage, nowMs: context.now() });
  let encoded: Buffer;
  try {
    encoded = await codec.encode(deadLetterTopic, value);
  } catch (err) {
    if (isStageError(err) && err.retriable) throw err;
    // Whatever in the input made the DeadLetter unencodable must not stop the partition: keep the bytes, drop the
    // headers, say why.
    encoded = await codec.encode(deadLetterTopic, {
      ...value,
      original_headers: {},
      error_message: `${failure.error.message} (original headers dropped: ${(err as Error).message})`,
    });
  }
  return {
    messages: [deadLetterMessage(from, deadLetterTopic, encoded)],
    disposition: {
      kind: 'dead-letter',
      code: failure.code,
      attempts: from.attempt,
      error: failure.error,
      unencodableOutput,
    },
  };
}
