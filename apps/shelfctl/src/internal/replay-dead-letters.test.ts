import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeadLetter } from '@shelfstream/contracts';
import type { DlqEntry } from './dlq-entry.js';
import { replayDeadLetters } from './replay-dead-letters.js';
import { InMemoryReplayLedger } from './replay-ledger.js';
import { type ReplayMessage, toReplayMessage } from './replay-message.js';

function entry(offset: number, headers: Record<string, string> = {}): DlqEntry {
  const letter = {
    stage: 'TEST',
    reason_code: 'TEST_PERMANENT',
    retriable: false,
    error_message: 'no',
    error_stack: null,
    original_topic: 'ns.shelf.retry.preprocessing.v1',
    original_partition: 0,
    original_offset: offset,
    original_key: `key-${offset}`,
    original_value: Buffer.from(`value-${offset}`),
    original_headers: headers,
    capture_id: `capture-${offset}`,
    blob_uri: null,
    batch_id: null,
    attempts: 4,
    first_failure_at: 1,
    last_failure_at: 2,
    dead_lettered_at: 3,
  } satisfies DeadLetter;
  return {
    partition: 3,
    offset: String(offset),
    timestamp: 3,
    key: letter.original_key,
    headers: {},
    letter,
  };
}

test('a replayed record goes back to its origin topic with its key, value and fresh attempt headers', () => {
  const message = toReplayMessage(
    entry(9, {
      'x-origin-topic': 'ns.shelf.captures.validated.v1',
      'x-origin-partition': '2',
      'x-origin-offset': '1234',
      'x-attempt': '4',
      'x-due-ms': '123',
      'x-first-failure-ms': '100',
      'x-last-reason': 'PREPROCESS_BLOB_UNAVAILABLE',
      traceparent: '00-abc-def-01',
    }),
  );
  assert.equal(message.topic, 'ns.shelf.captures.validated.v1');
  assert.equal(message.key, 'key-9');
  assert.deepEqual(message.value, Buffer.from('value-9'));
  assert.deepEqual(message.headers, {
    'x-origin-topic': 'ns.shelf.captures.validated.v1',
    'x-origin-partition': '2',
    'x-origin-offset': '1234',
    'x-attempt': '1',
    'x-replayed-from': 'dlq:3:9',
    traceparent: '00-abc-def-01',
  });
});

test('without an x-origin-topic header a record goes back to its original topic', () => {
  assert.equal(toReplayMessage(entry(1)).topic, 'ns.shelf.retry.preprocessing.v1');
});

test('a replay of a record dead-lettered on its input topic carries that first consumption as its origin (issue 12)', () => {
  const letter = entry(9).letter as DeadLetter;
  const message = toReplayMessage({
    ...entry(9),
    letter: {
      ...letter,
      original_topic: 'ns.shelf.detections.v1',
      original_partition: 5,
      original_offset: 77,
    },
  });
  assert.equal(message.topic, 'ns.shelf.detections.v1');
  assert.equal(message.headers['x-origin-topic'], 'ns.shelf.detections.v1');
  assert.equal(message.headers['x-origin-partition'], '5');
  assert.equal(message.headers['x-origin-offset'], '77');
});

test('a replay keeps the first origin of a record that went through the retry topic, not its retry coordinates (issue 12)', () => {
  const message = toReplayMessage(
    entry(9, {
      'x-origin-topic': 'ns.shelf.captures.validated.v1',
      'x-origin-partition': '2',
      'x-origin-offset': '1234',
    }),
  );
  assert.equal(message.topic, 'ns.shelf.captures.validated.v1');
  assert.deepEqual(
    [
      message.headers['x-origin-topic'],
      message.headers['x-origin-partition'],
      message.headers['x-origin-offset'],
    ],
    ['ns.shelf.captures.validated.v1', '2', '1234'],
  );
});

test('a dead letter with only part of the x-origin headers replays with its own original coordinates as origin', () => {
  const message = toReplayMessage(entry(9, { 'x-origin-topic': 'ns.shelf.captures.validated.v1' }));
  assert.equal(message.topic, 'ns.shelf.captures.validated.v1');
  assert.deepEqual(
    [
      message.headers['x-origin-topic'],
      message.headers['x-origin-partition'],
      message.headers['x-origin-offset'],
    ],
    ['ns.shelf.retry.preprocessing.v1', '0', '9'],
  );
});

test('replays each dead letter once: a second replay of the same records sends nothing', async () => {
  const ledger = new InMemoryReplayLedger();
  const sent: ReplayMessage[] = [];
  const deps = {
    dlqTopic: 'ns.shelf.dlq.v1',
    ledger,
    send: async (m: ReplayMessage) => void sent.push(m),
    dryRun: false,
  };
  const first = await replayDeadLetters([entry(1), entry(2)], deps);
  assert.deepEqual(
    first.map((o) => o.action),
    ['replayed', 'replayed'],
  );
  const second = await replayDeadLetters([entry(1), entry(2), entry(3)], deps);
  assert.deepEqual(
    second.map((o) => o.action),
    ['already-replayed', 'already-replayed', 'replayed'],
  );
  assert.deepEqual(
    sent.map((m) => m.key),
    ['key-1', 'key-2', 'key-3'],
  );
});

test('a dry run sends nothing and records nothing, but tells what was already replayed', async () => {
  const ledger = new InMemoryReplayLedger();
  const sent: ReplayMessage[] = [];
  const send = async (m: ReplayMessage) => void sent.push(m);
  await replayDeadLetters([entry(1)], { dlqTopic: 'dlq', ledger, send, dryRun: false });
  const dry = await replayDeadLetters([entry(1), entry(2)], { dlqTopic: 'dlq', ledger, send, dryRun: true });
  assert.deepEqual(
    dry.map((o) => o.action),
    ['already-replayed', 'would-replay'],
  );
  assert.equal(sent.length, 1);
  assert.equal(ledger.replayed.size, 1);
});

test('a failed send is not recorded, so the next replay tries again', async () => {
  const ledger = new InMemoryReplayLedger();
  const failing = async () => {
    throw new Error('broker down');
  };
  await assert.rejects(
    replayDeadLetters([entry(1)], { dlqTopic: 'dlq', ledger, send: failing, dryRun: false }),
    /broker down/,
  );
  assert.equal(await ledger.wasReplayed({ dlqTopic: 'dlq', partition: 3, offset: '1' }), false);
});

test('an undecodable dead letter is reported and skipped', async () => {
  const ledger = new InMemoryReplayLedger();
  const outcomes = await replayDeadLetters(
    [{ partition: 0, offset: '0', timestamp: 0, key: null, headers: {}, letter: null, decodeError: 'x' }],
    { dlqTopic: 'dlq', ledger, send: async () => assert.fail('must not send'), dryRun: false },
  );
  assert.deepEqual(outcomes, [{ position: '0:0', targetTopic: null, action: 'undecodable' }]);
});
