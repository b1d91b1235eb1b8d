import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { OwnKafka } from '@shelfstream/testkit';
import type { Admin, Kafka } from 'kafkajs';
import { commitChunk, type ProcessedChunk } from '../../src/chunk-transaction.js';
import { TransactionalProducers } from '../../src/transactional-producers.js';
import {
  ATTEMPTS,
  assertCopiedExactlyOnce,
  CHUNK,
  KEPT_MEMBERSHIP,
  type OwnKafkaClient,
  RECORDS,
  seedCopyTopics,
  startOwnKafkaClient,
} from './own-kafka-client.js';

const PREFIX = 'txn-end';

let own: OwnKafkaClient;
let stack: OwnKafka;
let kafka: Kafka;
let admin: Admin;

before(async () => {
  // A Kafka of its own: the test freezes its broker, and the developer stack is shared.
  own = await startOwnKafkaClient('txn-end-failure', 700);
  ({ stack, kafka, admin } = own);
});

after(async () => {
  await own?.close();
});

/** A producer configured as TransactionalProducers configures its own. */
function transactionalProducer(transactionalId: string) {
  return kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
}

/**
 * A copy stage's input partition (RECORDS records), output topic and group, committing through commitChunk with the
 * partition producers of TransactionalProducers, as the stage runner does.
 */
async function copyStage(name: string) {
  const input = `${name}.in`;
  const output = `${name}.out`;
  const groupId = `${name}.copy`;
  await seedCopyTopics({ kafka, admin }, { input, output }, RECORDS);

  const producers = new TransactionalProducers(kafka, { transactionalIdPrefix: PREFIX, groupId });
  const membership = KEPT_MEMBERSHIP;
  const context = { groupId, producers, membership };

  /** The chunk of input offsets [from, from + CHUNK): one output per input record. */
  const chunkFrom = (from: number): ProcessedChunk => {
    const offsets = Array.from({ length: Math.min(CHUNK, RECORDS - from) }, (_, i) => from + i);
    return {
      topic: input,
      partition: 0,
      firstOffset: String(offsets[0]),
      lastOffset: String(offsets[offsets.length - 1]),
      messages: offsets.map((o) => ({ topic: output, message: { key: `k${o}`, value: `record-${o}` } })),
    };
  };

  /** Where the stage resumes: the group's committed position on the input partition. */
  const position = async (): Promise<number> => {
    const [topic] = await admin.fetchOffsets({ groupId, topics: [input] });
    const offset = Number(topic?.partitions[0]?.offset ?? -1);
    return Math.max(offset, 0);
  };

  return {
    /** The transactional.id of the input partition's producer. */
    transactionalId: `${PREFIX}.${input}.0`,
    position,
    /** Commits the first chunk, running `fault` between its sends and its commit; returns the commit's error. */
    async firstChunk(fault: () => Promise<void>): Promise<Error | undefined> {
      return commitChunk(chunkFrom(0), { ...context, beforeCommit: fault }).then(
        () => undefined,
        (err: unknown) => err as Error,
      );
    },
    /**
     * Goes on from the committed position, chunk by chunk, as a consumer would: it fetches the committed position when
     * it (re)starts, after a failed chunk, and otherwise moves on from the chunk it committed (a committed position
     * read right after a commit may still be the old one: the broker writes the transaction markers after answering
     * EndTxn). Gives up after ATTEMPTS failed chunks; returns their errors.
     */
    async resume(): Promise<string[]> {
      const errors: string[] = [];
      let from = await position();
      while (from < RECORDS && errors.length < ATTEMPTS) {
        try {
          await commitChunk(chunkFrom(from), context);
          from = Math.min(from + CHUNK, RECORDS);
        } catch (err) {
          errors.push(`${(err as Error).name}: ${(err as Error).message}`);
          from = await position();
        }
      }
      assert.equal(
        from,
        RECORDS,
        `the stage committed the partition again after the fault; its chunks failed with:\n${errors.join('\n')}`,
      );
      return errors;
    },
    /** read_committed: every input copied exactly once, in order; nothing of an aborted transaction visible. */
    assertCopiedExactlyOnce: () => assertCopiedExactlyOnce(kafka, output),
    close: () => producers.closeAll(),
  };
}

// Issue 12 defect 2: a failed transaction end left the partition's cached KafkaJS producer in COMMITTING, where
// abort() and every later transaction are refused ('Cannot call "beginTransaction" in state "COMMITTING"'): the stage
// never committed that partition again. commitChunk must discard such a producer so the next chunk gets a new one.
// Both tests fail that way when commitChunk does not discard.

test('after a commit that timed out against a frozen broker, the partition commits again with a new producer, exactly once', async (t) => {
  const stage = await copyStage('txn-end.frozen');
  const started = Date.now();
  try {
    // The first chunk is sent in its transaction; then the broker freezes (SIGSTOP, every thread stopped) and the
    // commit's first request (finding the transaction coordinator) times out. EndTxn never reaches the broker, so the
    // transaction stays open until the partition's next producer initialises and aborts it: the chunk's fate is
    // known. (An EndTxn that reached the frozen broker is carried out after SIGCONT, commit included.)
    let frozen = false;
    const failed = await stage.firstChunk(async () => {
      await stack.signal('freeze');
      frozen = true;
    });
    if (frozen) await stack.signal('thaw');
    assert.ok(frozen, `the broker was frozen before the commit (${failed?.stack})`);
    assert.ok(failed, 'the commit failed while the broker was frozen');
    t.diagnostic(`the commit failed after ${Date.now() - started} ms: ${failed.name}: ${failed.message}`);
    assert.equal(await stage.position(), 0, 'the failed chunk committed no offsets');

    const errors = await stage.resume();
    t.diagnostic(
      `committed again after ${Date.now() - started} ms; failed chunks: ${errors.join(' | ') || 'none'}`,
    );
    await stage.assertCopiedExactlyOnce();
  } finally {
    await stack.signal('thaw');
    await stage.close();
  }
});

test('after a commit refused to a fenced producer, the partition commits again with a new producer, exactly once', async (t) => {
  const stage = await copyStage('txn-end.fenced');
  // A zombie with the partition's transactional.id initialises between the sends and the commit: the broker aborts
  // the open transaction and bumps the epoch, so EndTxn answers that the stage's producer is fenced.
  const zombie = transactionalProducer(stage.transactionalId);
  try {
    const failed = await stage.firstChunk(async () => {
      await zombie.connect();
      await (await zombie.transaction()).abort();
    });
    assert.ok(failed, 'the commit of the fenced producer failed');
    t.diagnostic(`the commit failed: ${failed.name}: ${failed.message}`);
    assert.equal(await stage.position(), 0, 'the failed chunk committed no offsets');

    const errors = await stage.resume();
    t.diagnostic(`failed chunks before it committed again: ${errors.join(' | ') || 'none'}`);
    await stage.assertCopiedExactlyOnce();
  } finally {
    await zombie.disconnect();
    await stage.close();
  }
});
