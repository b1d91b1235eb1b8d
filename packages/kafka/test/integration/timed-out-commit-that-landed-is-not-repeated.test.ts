import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitFor } from '@shelfstream/testkit';
import { commitChunk, type ProcessedChunk } from '../../src/chunk-transaction.js';
import { uncommittedRecords } from '../../src/committed-position.js';
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

const PREFIX = 'landed';

let own: OwnKafkaClient;

before(async () => {
  // A Kafka of its own: the test freezes its broker, and the developer stack is shared.
  own = await startOwnKafkaClient('landed-commit', 750);
});

after(async () => {
  await own?.close();
});

test('a chunk whose commit timed out on the client but landed on the broker is not committed again when it comes back', async (t) => {
  const { stack, kafka, admin } = own;
  const input = 'landed.in';
  const output = 'landed.out';
  const groupId = 'landed.copy';
  await seedCopyTopics({ kafka, admin }, { input, output }, RECORDS);

  // The stage's path: its partition producers, the records still to commit, one transaction per chunk.
  const producers = new TransactionalProducers(kafka, { transactionalIdPrefix: PREFIX, groupId });
  const membership = KEPT_MEMBERSHIP;
  /** The group's committed position as a consumer reads it when it (re)starts: OffsetFetch, not requireStable. */
  const consumerPosition = async (): Promise<number> => {
    const [topic] = await admin.fetchOffsets({ groupId, topics: [input] });
    return Math.max(Number(topic?.partitions[0]?.offset ?? -1), 0);
  };
  /**
   * Delivers the chunk of offsets [from, from + CHUNK) as the stage runner handles it: records below the settled
   * committed position are dropped, the rest copied (one output each) in one transaction through commitChunk.
   */
  const deliver = async (from: number, beforeCommit?: () => Promise<void>): Promise<void> => {
    const records = Array.from({ length: Math.min(CHUNK, RECORDS - from) }, (_, i) => ({
      offset: String(from + i),
    }));
    const todo = uncommittedRecords(records, await producers.committedPosition(input, 0));
    if (todo.length === 0) return;
    const chunk: ProcessedChunk = {
      topic: input,
      partition: 0,
      firstOffset: (todo[0] as { offset: string }).offset,
      lastOffset: (todo[todo.length - 1] as { offset: string }).offset,
      messages: todo.map(({ offset }) => ({
        topic: output,
        message: { key: `k${offset}`, value: `record-${offset}` },
      })),
    };
    await commitChunk(chunk, { groupId, producers, membership, beforeCommit });
  };

  // The fault: the broker gets SIGSTOP the moment the commit's FindCoordinator is answered, synchronously, so the
  // EndTxn that follows is written to a stopped broker. It times out on the client; once the broker runs again it
  // reads the EndTxn and commits the transaction anyway.
  const first = await producers.forPartition(input, 0);
  let armed = false;
  let frozen = false;
  first.on(first.events.REQUEST, (event) => {
    if (armed && !frozen && event.payload.apiName === 'GroupCoordinator') {
      stack.freezeNow();
      frozen = true;
    }
  });
  // The position a restarting consumer gets while that commit is still pending (here: read while its transaction is
  // open, a deterministic stand-in for an OffsetFetch racing the broker's late commit).
  let stalePosition = -1;
  const failed = await deliver(0, async () => {
    stalePosition = await consumerPosition();
    armed = true;
  }).then(
    () => undefined,
    (err: unknown) => err as Error,
  );
  if (frozen) await stack.signal('thaw');
  t.diagnostic(`frozen: ${frozen}; the commit failed with ${failed?.name}: ${failed?.message}`);
  assert.ok(frozen, 'the broker was frozen before the EndTxn went out');
  assert.match(String(failed?.message), /EndTxn/, 'the commit failed on its EndTxn');
  assert.equal(stalePosition, 0);

  // The broker carries out the timed-out commit: the group's position moves past the chunk.
  await waitFor(
    'the broker to complete the timed-out commit',
    async () => (await consumerPosition()) === CHUNK || undefined,
    30_000,
    100,
  );

  // The consumer restarts from the position it read before the commit landed, and goes on chunk by chunk.
  const errors: string[] = [];
  let from = stalePosition;
  while (from < RECORDS && errors.length < ATTEMPTS) {
    try {
      await deliver(from);
      from += CHUNK;
    } catch (err) {
      errors.push(`${(err as Error).name}: ${(err as Error).message}`);
      from = await consumerPosition();
    }
  }
  t.diagnostic(`failed chunks after the fault: ${errors.join(' | ') || 'none'}`);
  assert.equal(from, RECORDS, `the stage stopped committing; its chunks failed with:\n${errors.join('\n')}`);

  // read_committed: each input copied exactly once, in order.
  await assertCopiedExactlyOnce(kafka, output);
  assert.equal(await consumerPosition(), RECORDS);
  await producers.closeAll();
});
