import { type Span, trace } from '@opentelemetry/api';
import { isStageError, type Outcome } from '@shelfstream/errors';
import {
  extractTraceContext,
  type Logger,
  recordLogger,
  startRecordSpan,
  traceIdOf,
} from '@shelfstream/observability';
import type { KafkaMessage } from 'kafkajs';
import type { AvroCodec } from './avro-codec.js';
import { type FirstOrigin, firstOriginOf, HeaderNames, headerIntInRange, headerString } from './headers.js';
import { attemptOf } from './retry-gate.js';
import type { StageDefinition, StageRecord } from './stage-definition.js';

/** Largest epoch-ms taken from a header (year 9999). */
const MAX_EPOCH_MS = 253_402_300_799_999;

/** What is known of a consumed message whether or not its value decodes. */
interface ConsumedRecord {
  readonly message: KafkaMessage;
  readonly topic: string;
  readonly partition: number;
  readonly originTopic: string;
  readonly firstOrigin: FirstOrigin;
  readonly attempt: number;
  /** The record's processing span; whoever routes the record ends it. */
  readonly span: Span;
  readonly captureId: string | undefined;
  /** Logger whose lines carry capture_id and trace_id. */
  readonly logger: Logger;
}

/** A consumed message: decoded into the record the stage processes, or dead-lettered because it cannot be. */
export type DecodedRecord<In> =
  | (ConsumedRecord & { readonly kind: 'decoded'; readonly record: StageRecord<In> })
  | (ConsumedRecord & {
      readonly kind: 'undecodable';
      readonly failure: Outcome<never> & { readonly kind: 'dead-letter' };
    });

/** What {@link decodeRecord} needs of the stage and the runner. */
export interface DecodeContext<In> {
  readonly definition: Pick<StageDefinition<In>, 'name' | 'inputTopics' | 'retryTopic' | 'captureIdOf'>;
  readonly codec: Pick<AvroCodec, 'decode'>;
  readonly logger: Logger;
}

/**
 * Decodes one consumed message of `topic`/`partition` and reads its mesh headers. Starts the record's span.
 *
 * Throws a retriable StageError (the registry is down): that is not the record's fault, so the chunk fails and is
 * consumed again later instead of dead-lettering the record.
 */
export async function decodeRecord<In>(
  message: KafkaMessage,
  at: { readonly topic: string; readonly partition: number },
  context: DecodeContext<In>,
): Promise<DecodedRecord<In>> {
  const { definition } = context;
  const { topic, partition } = at;
  const headers = message.headers ?? {};
  // A retried record is decoded with its input topic's reader schema: the retry topic has no subject of its own.
  const originTopic =
    topic === definition.retryTopic ? (headerString(headers, HeaderNames.originTopic) ?? topic) : topic;
  const attempt = attemptOf(headers);
  const firstOrigin = firstOriginOf(
    headers,
    { topic, partition, offset: message.offset },
    definition.inputTopics,
  );
  const parent = extractTraceContext(headers);
  const span = startRecordSpan(`${definition.name}.process`, parent, {
    'messaging.destination.name': topic,
    'messaging.kafka.partition': partition,
    'messaging.kafka.offset': message.offset,
  });
  const base = { message, topic, partition, originTopic, firstOrigin, attempt, span };
  try {
    const value = await context.codec.decode<In>(message.value, originTopic);
    const key = message.key?.toString('utf8') ?? null;
    const captureId = definition.captureIdOf?.(value) ?? key ?? undefined;
    const logger = recordLogger(context.logger, { captureId, traceId: traceIdOf(span) });
    return {
      ...base,
      kind: 'decoded',
      captureId,
      logger,
      record: {
        topic,
        originTopic,
        firstOrigin,
        partition,
        offset: message.offset,
        key,
        value,
        rawValue: message.value ?? Buffer.alloc(0),
        headers,
        attempt,
        firstSeenMs: headerIntInRange(headers, HeaderNames.firstSeenMs, Number(message.timestamp), {
          min: 0,
          max: MAX_EPOCH_MS,
        }),
        traceContext: trace.setSpan(parent, span),
        logger,
      },
    };
  } catch (err) {
    if (isStageError(err) && err.retriable) throw err;
    const error = err instanceof Error ? err : new Error(String(err));
    const code = isStageError(err) ? err.code : 'KAFKA_DECODE_FAILED';
    return {
      ...base,
      kind: 'undecodable',
      captureId: undefined,
      logger: recordLogger(context.logger, { captureId: undefined, traceId: traceIdOf(span) }),
      failure: { kind: 'dead-letter', code, error },
    };
  }
}
