/**
 * Decoded records for the unit tests of routing and message building: real {@link decodeRecord} over a JSON codec,
 * with tracing on so that `traceparent` headers are there to be checked.
 */
import { createLogger, initTracing } from '@shelfstream/observability';
import type { KafkaMessage } from 'kafkajs';
import { type DecodedRecord, decodeRecord } from '../decode-record.js';

initTracing({ service: 'kafka-unit-test' });

/** A capture as the fake codec reads it. */
export interface FakeValue {
  readonly id: string;
}

/** Decodes JSON values; `not json` fails like corrupt Avro does. */
const jsonCodec = {
  async decode<T>(buffer: Buffer | null): Promise<T> {
    return JSON.parse(buffer?.toString() ?? '') as T;
  },
};

/** A consumed message of topic `in` (or `retry`), decoded for a stage named `test`. */
export async function decodedRecord(options: {
  readonly value?: string;
  readonly headers?: Record<string, string>;
  readonly topic?: 'in' | 'retry';
}): Promise<DecodedRecord<FakeValue>> {
  const message = {
    key: Buffer.from('key-1'),
    value: Buffer.from(options.value ?? '{"id":"a"}'),
    timestamp: '1700000000000',
    attributes: 0,
    offset: '42',
    headers: options.headers ?? {},
  } as KafkaMessage;
  const decoded = await decodeRecord<FakeValue>(
    message,
    { topic: options.topic ?? 'in', partition: 2 },
    {
      definition: {
        name: 'test',
        inputTopics: ['in'],
        retryTopic: 'retry',
        captureIdOf: (v) => `capture-${v.id}`,
      },
      codec: jsonCodec,
      logger: createLogger({ service: 'test', level: 'silent' }),
    },
  );
  decoded.span.end();
  return decoded;
}

/** Narrows to a decoded record, failing the test otherwise. */
export function decodedOnly<In>(record: DecodedRecord<In>): Extract<DecodedRecord<In>, { kind: 'decoded' }> {
  if (record.kind !== 'decoded') throw new Error(`expected a decoded record, got ${record.kind}`);
  return record;
}
