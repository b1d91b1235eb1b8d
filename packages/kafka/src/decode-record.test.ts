import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StageError } from '@shelfstream/errors';
import { createLogger } from '@shelfstream/observability';
import type { KafkaMessage } from 'kafkajs';
import { type DecodeContext, decodeRecord } from './decode-record.js';

interface Value {
  readonly id: string;
}

/** Decodes `{"id": ...}` JSON; the bytes `corrupt`, `garbage` and `outage` fail like AvroCodec would. */
class FakeCodec {
  readonly readerTopics: string[] = [];

  async decode<T>(buffer: Buffer | null, readerTopic: string): Promise<T> {
    this.readerTopics.push(readerTopic);
    const text = buffer?.toString() ?? '';
    if (text === 'corrupt') throw new StageError('KAFKA_DECODE_FAILED', 'not framed', { retriable: false });
    if (text === 'garbage') throw new Error('unexpected end of input');
    if (text === 'outage')
      throw new StageError('KAFKA_REGISTRY_UNAVAILABLE', 'registry down', { retriable: true });
    return JSON.parse(text) as T;
  }
}

function message(value: string, headers: Record<string, string> = {}): KafkaMessage {
  return {
    key: Buffer.from('key-1'),
    value: Buffer.from(value),
    timestamp: '1700000000000',
    attributes: 0,
    offset: '42',
    headers,
  } as KafkaMessage;
}

function context(codec: FakeCodec): DecodeContext<Value> {
  return {
    definition: {
      name: 'test',
      inputTopics: ['in'],
      retryTopic: 'retry',
      captureIdOf: (v) => `capture-${v.id}`,
    },
    codec,
    logger: createLogger({ service: 'test', level: 'silent' }),
  };
}

/** Decodes a message of partition 0 of `in` with a fresh codec; the span is ended, the tests do not trace. */
async function decodeOnInput(m: KafkaMessage) {
  const decoded = await decodeRecord(m, { topic: 'in', partition: 0 }, context(new FakeCodec()));
  decoded.span.end();
  return decoded;
}

test('a record of an input topic is decoded with its own coordinates as first origin', async () => {
  const codec = new FakeCodec();
  const decoded = await decodeRecord(message('{"id":"a"}'), { topic: 'in', partition: 2 }, context(codec));
  decoded.span.end();
  assert.equal(decoded.kind, 'decoded');
  if (decoded.kind !== 'decoded') return;
  assert.deepEqual(decoded.record.value, { id: 'a' });
  assert.equal(decoded.record.key, 'key-1');
  assert.equal(decoded.record.originTopic, 'in');
  assert.equal(decoded.record.attempt, 1);
  assert.equal(decoded.record.firstSeenMs, 1_700_000_000_000, 'the broker timestamp without x-first-seen-ms');
  assert.deepEqual(decoded.record.firstOrigin, { topic: 'in', partition: 2, offset: '42' });
  assert.equal(decoded.captureId, 'capture-a');
  assert.deepEqual(codec.readerTopics, ['in']);
});

test("a retried record is read with its input topic's schema and keeps its attempt and first origin", async () => {
  const codec = new FakeCodec();
  const headers = {
    'x-origin-topic': 'in',
    'x-origin-partition': '1',
    'x-origin-offset': '7',
    'x-attempt': '3',
    'x-first-seen-ms': '1600000000000',
  };
  const decoded = await decodeRecord(
    message('{"id":"b"}', headers),
    { topic: 'retry', partition: 0 },
    context(codec),
  );
  decoded.span.end();
  assert.equal(decoded.kind, 'decoded');
  if (decoded.kind !== 'decoded') return;
  assert.equal(decoded.record.topic, 'retry');
  assert.equal(decoded.record.originTopic, 'in');
  assert.equal(decoded.record.attempt, 3);
  assert.equal(decoded.record.firstSeenMs, 1_600_000_000_000);
  assert.deepEqual(decoded.record.firstOrigin, { topic: 'in', partition: 1, offset: '7' });
  assert.deepEqual(codec.readerTopics, ['in']);
});

test('an x-origin-topic header on an input topic does not change the schema it is read with', async () => {
  const codec = new FakeCodec();
  const decoded = await decodeRecord(
    message('{"id":"c"}', { 'x-origin-topic': 'elsewhere' }),
    { topic: 'in', partition: 0 },
    context(codec),
  );
  decoded.span.end();
  assert.deepEqual(codec.readerTopics, ['in']);
});

test('a hostile x-first-seen-ms falls back to the broker timestamp', async () => {
  const decoded = await decodeOnInput(
    message('{"id":"d"}', { 'x-first-seen-ms': '99999999999999999999999' }),
  );
  assert.equal(decoded.kind === 'decoded' && decoded.record.firstSeenMs, 1_700_000_000_000);
});

test("bytes that do not decode are dead-lettered with the codec's reason code", async () => {
  const decoded = await decodeOnInput(message('corrupt'));
  assert.equal(decoded.kind, 'undecodable');
  if (decoded.kind !== 'undecodable') return;
  assert.equal(decoded.failure.kind, 'dead-letter');
  assert.equal(decoded.failure.code, 'KAFKA_DECODE_FAILED');
  assert.equal(decoded.captureId, undefined, 'no capture id without a value');
});

test('a decoder error without a reason code dead-letters as KAFKA_DECODE_FAILED', async () => {
  const decoded = await decodeOnInput(message('garbage'));
  assert.equal(decoded.kind === 'undecodable' && decoded.failure.code, 'KAFKA_DECODE_FAILED');
});

test('a registry outage fails the chunk instead of dead-lettering the record', async () => {
  await assert.rejects(
    decodeRecord(message('outage'), { topic: 'in', partition: 0 }, context(new FakeCodec())),
    (err: unknown) => (err as { code?: unknown }).code === 'KAFKA_REGISTRY_UNAVAILABLE',
  );
});
