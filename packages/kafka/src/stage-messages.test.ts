import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message } from 'kafkajs';
import { headerString } from './headers.js';
import { deadLetterMessage, deadLetterValue, outputMessage, retryMessage } from './stage-messages.js';
import { decodedOnly, decodedRecord } from './test-fixtures/decoded-records.js';

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/;

function header(message: Message, name: string): string | undefined {
  return headerString(message.headers, name);
}

test('an output restarts x-attempt at 1 and carries first-seen, origin topic and the trace on', async () => {
  const from = decodedOnly(
    await decodedRecord({ headers: { 'x-attempt': '3', 'x-first-seen-ms': '1600000000000' } }),
  );
  const out = outputMessage({ topic: 'out', key: 'k', value: {} }, from, Buffer.from('encoded'));
  assert.equal(out.topic, 'out');
  assert.equal(out.message.key, 'k');
  assert.deepEqual(out.message.value, Buffer.from('encoded'));
  assert.equal(header(out.message, 'x-attempt'), '1');
  assert.equal(header(out.message, 'x-first-seen-ms'), '1600000000000');
  assert.equal(header(out.message, 'x-origin-topic'), 'in');
  assert.match(header(out.message, 'traceparent') ?? '', TRACEPARENT);
});

test("a stage's own output headers come last and win", async () => {
  const from = decodedOnly(await decodedRecord({}));
  const out = outputMessage(
    { topic: 'out', key: 'k', value: {}, headers: { 'x-origin-topic': 'mine', 'x-route': 'endcap' } },
    from,
    Buffer.alloc(0),
  );
  assert.equal(header(out.message, 'x-origin-topic'), 'mine');
  assert.equal(header(out.message, 'x-route'), 'endcap');
});

test('a first retry carries the untouched bytes, the next attempt, its due time, reason and first origin', async () => {
  const from = decodedOnly(await decodedRecord({ headers: { 'x-custom': 'kept' } }));
  const { topic, message } = retryMessage(from, 'retry', {
    code: 'DB_UNAVAILABLE',
    delayMs: 500,
    nowMs: 10_000,
  });
  assert.equal(topic, 'retry');
  assert.deepEqual(message.key, Buffer.from('key-1'));
  assert.deepEqual(message.value, Buffer.from('{"id":"a"}'));
  assert.equal(header(message, 'x-custom'), 'kept', 'headers of the input stay');
  assert.equal(header(message, 'x-attempt'), '2');
  assert.equal(header(message, 'x-due-ms'), '10500');
  assert.equal(header(message, 'x-first-failure-ms'), '10000');
  assert.equal(header(message, 'x-last-reason'), 'DB_UNAVAILABLE');
  assert.equal(header(message, 'x-first-seen-ms'), '1700000000000');
  assert.equal(header(message, 'x-origin-topic'), 'in');
  assert.equal(header(message, 'x-origin-partition'), '2');
  assert.equal(header(message, 'x-origin-offset'), '42');
  assert.match(header(message, 'traceparent') ?? '', TRACEPARENT);
});

test('a later retry keeps the first failure time and the first origin from its headers', async () => {
  const from = decodedOnly(
    await decodedRecord({
      topic: 'retry',
      headers: {
        'x-attempt': '2',
        'x-first-failure-ms': '4000',
        'x-origin-topic': 'in',
        'x-origin-partition': '0',
        'x-origin-offset': '7',
      },
    }),
  );
  const { message } = retryMessage(from, 'retry', { code: 'DB_UNAVAILABLE', delayMs: 1000, nowMs: 10_000 });
  assert.equal(header(message, 'x-attempt'), '3');
  assert.equal(header(message, 'x-first-failure-ms'), '4000');
  assert.equal(header(message, 'x-origin-partition'), '0');
  assert.equal(header(message, 'x-origin-offset'), '7');
});

test('a DeadLetter value names the record where it was consumed, its attempts and capture', async () => {
  const from = await decodedRecord({ headers: { 'x-attempt': '4' } });
  const value = deadLetterValue(from, {
    stage: 'TEST',
    code: 'TEST_PERMANENT',
    retriable: false,
    error: new Error('bad'),
    nowMs: 5000,
  });
  assert.equal(value['stage'], 'TEST');
  assert.equal(value['reason_code'], 'TEST_PERMANENT');
  assert.equal(value['retriable'], false);
  assert.equal(value['error_message'], 'bad');
  assert.equal(value['original_topic'], 'in');
  assert.equal(value['original_partition'], 2);
  assert.equal(value['original_offset'], 42);
  assert.equal(value['attempts'], 4);
  assert.equal(value['capture_id'], 'capture-a');
  assert.equal(value['dead_lettered_at'], 5000);
});

test('a DLQ message carries the attempt and origin topic, and the trace only of a record that decoded', async () => {
  const decoded = deadLetterMessage(await decodedRecord({}), 'dlq', Buffer.from('dl'));
  assert.equal(decoded.topic, 'dlq');
  assert.equal(header(decoded.message, 'x-attempt'), '1');
  assert.equal(header(decoded.message, 'x-origin-topic'), 'in');
  assert.match(header(decoded.message, 'traceparent') ?? '', TRACEPARENT);
  const undecodable = await decodedRecord({ value: 'not json' });
  assert.equal(undecodable.kind, 'undecodable');
  const dead = deadLetterMessage(undecodable, 'dlq', Buffer.from('dl'));
  assert.equal(header(dead.message, 'traceparent'), undefined);
  assert.deepEqual(dead.message.key, Buffer.from('key-1'));
});
