import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KafkaMessage } from 'kafkajs';
import { attemptOf, dueAtOf, gateRetryChunk } from './retry-gate.js';

function message(offset: number, headers: Record<string, string> = {}): KafkaMessage {
  return {
    key: null,
    value: Buffer.from('v'),
    timestamp: '0',
    attributes: 0,
    offset: String(offset),
    headers,
  } as KafkaMessage;
}

test('a record without x-attempt is on its first attempt', () => {
  assert.equal(attemptOf(undefined), 1);
  assert.equal(attemptOf({}), 1);
  assert.equal(attemptOf({ 'x-attempt': '3' }), 3);
});

// Issue 12 defect 4: x-attempt: 3000000000 overflowed the DeadLetter's Avro int.
test('a hostile x-attempt is clamped into 1..1000000', () => {
  assert.equal(attemptOf({ 'x-attempt': '3000000000' }), 1_000_000);
  assert.equal(attemptOf({ 'x-attempt': '-4' }), 1);
  assert.equal(attemptOf({ 'x-attempt': 'soon' }), 1);
});

test('a record without a well-formed x-due-ms is due at once', () => {
  assert.equal(dueAtOf(undefined), 0);
  assert.equal(dueAtOf({ 'x-due-ms': 'soon' }), 0);
  assert.equal(dueAtOf({ 'x-due-ms': '1500' }), 1500);
});

test('a chunk whose records are all due passes whole', () => {
  const chunk = [message(0, { 'x-due-ms': '900' }), message(1), message(2, { 'x-due-ms': '1000' })];
  const gated = gateRetryChunk(chunk, 1000);
  assert.deepEqual(
    gated.due.map((m) => m.offset),
    ['0', '1', '2'],
  );
  assert.equal(gated.waitUntilMs, undefined);
});

test('a chunk stops at its first record not due, even when later ones are, and waits for that record', () => {
  const chunk = [
    message(0, { 'x-due-ms': '900' }),
    message(1, { 'x-due-ms': '1600' }),
    message(2, { 'x-due-ms': '100' }),
  ];
  const gated = gateRetryChunk(chunk, 1000);
  assert.deepEqual(
    gated.due.map((m) => m.offset),
    ['0'],
  );
  assert.equal(gated.waitUntilMs, 1600);
});

test('a chunk that starts with a record not due processes nothing', () => {
  const gated = gateRetryChunk([message(0, { 'x-due-ms': '5000' }), message(1)], 1000);
  assert.deepEqual(gated.due, []);
  assert.equal(gated.waitUntilMs, 5000);
});
