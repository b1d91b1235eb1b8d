import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Transaction } from 'kafkajs';
import { type ChunkCommitContext, commitChunk, type ProcessedChunk } from './chunk-transaction.js';

/** A transactional producer stand-in: logs every call in order; `fail` scripts which step throws. */
function fakeProducers(
  fail: { begin?: unknown; commit?: unknown; abort?: unknown } = {},
  committed = { position: -1n },
) {
  const calls: string[] = [];
  const sent: unknown[] = [];
  const transaction = {
    sendBatch: async (batch: unknown) => {
      calls.push('sendBatch');
      sent.push(batch);
    },
    sendOffsets: async (offsets: unknown) => {
      calls.push('sendOffsets');
      sent.push(offsets);
    },
    commit: async () => {
      calls.push('commit');
      if (fail.commit) throw fail.commit;
    },
    abort: async () => {
      calls.push('abort');
      if (fail.abort) throw fail.abort;
    },
  } as unknown as Transaction;
  const producers = {
    forPartition: async (topic: string, partition: number) => {
      calls.push(`forPartition ${topic}[${partition}]`);
      return {
        transaction: async () => {
          calls.push('begin');
          if (fail.begin) throw fail.begin;
          return transaction;
        },
      };
    },
    discard: async (topic: string, partition: number) => {
      calls.push(`discard ${topic}[${partition}]`);
    },
    committedPosition: async () => committed.position,
    markCommitted: async (topic: string, partition: number, position: bigint) => {
      calls.push(`markCommitted ${topic}[${partition}] ${position}`);
      committed.position = position;
    },
  };
  return { producers, calls, sent, committed };
}

function context(
  producers: ChunkCommitContext['producers'],
  calls: string[],
  membership: { stale?: boolean; running?: boolean } = {},
): ChunkCommitContext {
  return {
    groupId: 'test.group',
    producers,
    membership: {
      heartbeat: async () => {
        calls.push('heartbeat');
      },
      isStale: () => membership.stale ?? false,
      isRunning: () => membership.running ?? true,
    },
    beforeCommit: () => {
      calls.push('beforeCommit');
    },
  };
}

const chunk: ProcessedChunk = {
  topic: 'in',
  partition: 1,
  firstOffset: '39',
  lastOffset: '41',
  messages: [
    { topic: 'out', message: { key: 'a', value: '1' } },
    { topic: 'dlq', message: { key: 'b', value: '2' } },
    { topic: 'out', message: { key: 'c', value: '3' } },
  ],
};

test("a chunk's messages and its next offset are sent in one transaction, then committed", async () => {
  const { producers, calls, sent } = fakeProducers();
  await commitChunk(chunk, context(producers, calls));
  assert.deepEqual(calls, [
    'heartbeat',
    'forPartition in[1]',
    'begin',
    'sendBatch',
    'sendOffsets',
    'beforeCommit',
    'commit',
    'markCommitted in[1] 42',
  ]);
  assert.deepEqual(sent, [
    {
      acks: -1,
      topicMessages: [
        {
          topic: 'out',
          messages: [
            { key: 'a', value: '1' },
            { key: 'c', value: '3' },
          ],
        },
        { topic: 'dlq', messages: [{ key: 'b', value: '2' }] },
      ],
    },
    {
      consumerGroupId: 'test.group',
      topics: [{ topic: 'in', partitions: [{ partition: 1, offset: '42' }] }],
    },
  ]);
});

test('a chunk that produces nothing still commits its offsets', async () => {
  const { producers, calls } = fakeProducers();
  await commitChunk({ ...chunk, messages: [] }, context(producers, calls));
  assert.ok(!calls.includes('sendBatch'));
  assert.ok(calls.includes('sendOffsets') && calls.includes('commit'));
});

test('a member that lost the partition meanwhile does not commit', async () => {
  for (const membership of [{ stale: true }, { running: false }]) {
    const { producers, calls } = fakeProducers();
    await assert.rejects(commitChunk(chunk, context(producers, calls, membership)), /was revoked/);
    assert.deepEqual(calls, ['heartbeat'], 'no transaction was begun');
  }
});

test('a failed commit is aborted and the producer kept when the abort succeeds', async () => {
  const failure = new Error('request timed out');
  const { producers, calls } = fakeProducers({ commit: failure });
  await assert.rejects(commitChunk(chunk, context(producers, calls)), (err) => err === failure);
  assert.deepEqual(calls.slice(-2), ['commit', 'abort']);
});

test('a producer whose abort fails after a failed commit is discarded', async () => {
  const { producers, calls } = fakeProducers({
    commit: new Error('timeout'),
    abort: new Error('COMMITTING'),
  });
  await assert.rejects(commitChunk(chunk, context(producers, calls)));
  assert.deepEqual(calls.slice(-3), ['commit', 'abort', 'discard in[1]']);
});

test('a fenced producer is discarded even though its abort succeeded', async () => {
  for (const fatal of [
    Object.assign(new Error('fenced'), { type: 'PRODUCER_FENCED' }),
    Object.assign(new Error('epoch'), { type: 'INVALID_PRODUCER_EPOCH' }),
    Object.assign(new Error('not retriable'), { name: 'KafkaJSNonRetriableError' }),
  ]) {
    const { producers, calls } = fakeProducers({ commit: fatal });
    await assert.rejects(commitChunk(chunk, context(producers, calls)), (err) => err === fatal);
    assert.deepEqual(calls.slice(-2), ['abort', 'discard in[1]']);
  }
});

test('a producer that cannot begin a transaction is discarded', async () => {
  const { producers, calls } = fakeProducers({ begin: new Error('INVALID_TXN_STATE') });
  await assert.rejects(commitChunk(chunk, context(producers, calls)), /INVALID_TXN_STATE/);
  assert.deepEqual(calls.slice(-2), ['begin', 'discard in[1]']);
});

test('a chunk starting at the committed position commits and moves the position past its last record', async () => {
  const { producers, calls, committed } = fakeProducers({}, { position: 39n });
  await commitChunk(chunk, context(producers, calls));
  assert.equal(committed.position, 42n);
});

test('a chunk redelivered below its committed position is refused before any transaction: nothing is sent twice', async () => {
  const { producers, calls, sent } = fakeProducers({}, { position: 40n });
  await assert.rejects(
    commitChunk(chunk, context(producers, calls)),
    /starts below the committed position 40/,
  );
  assert.deepEqual(calls, ['heartbeat']);
  assert.deepEqual(sent, []);
});
