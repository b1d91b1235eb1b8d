import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import kafkajs from 'kafkajs';

// KafkaJS's internal send path, as the transactional producers use it (patched: patches/kafkajs@2.2.4.patch).
const require = createRequire(import.meta.url);
type SendMessages = (options: {
  acks: number;
  timeout: number;
  topicMessages: { topic: string; messages: { partition: number; value: string }[] }[];
}) => Promise<unknown[]>;
const createSendMessages = require('kafkajs/src/producer/sendMessages.js') as (deps: unknown) => SendMessages;
const createRetry = require('kafkajs/src/retry/index.js') as (options: unknown) => unknown;
const { KafkaJSProtocolError } = kafkajs;

/** A broker whose produce answers after `delayMs`, failing the first `failures` calls at once. */
function fakeBroker(nodeId: number, delayMs: number, failures: number) {
  const produced: number[][] = [];
  return {
    nodeId,
    produced,
    async produce(request: { topicData: { partitions: { partition: number; messages: unknown[] }[] }[] }) {
      const partitions = request.topicData.flatMap((t) => t.partitions);
      if (failures > 0) {
        failures -= 1;
        throw new KafkaJSProtocolError({
          message:
            'The producer attempted to update a transaction while another concurrent operation was ongoing',
          type: 'CONCURRENT_TRANSACTIONS',
          code: 51,
          retriable: true,
        } as unknown as Error);
      }
      await sleep(delayMs);
      produced.push(partitions.map((p) => Number(p.partition)));
      return {
        topics: request.topicData.map(() => ({
          topicName: 'out',
          partitions: partitions.map((p) => ({ partition: p.partition, errorCode: 0, baseOffset: '0' })),
        })),
      };
    },
  };
}

// With three brokers a chunk's outputs go to several brokers in parallel. KafkaJS 2.2.4 retried as soon as one of them
// failed (Promise.all), while another's produce was still in flight and not yet recorded as answered: the retry sent
// that broker's messages again, with the next sequence numbers, inside the same transaction, which then committed
// both copies (`pnpm chaos --brokers 3` counted two captures scored twice). The patch lets every request settle first.
test("a retry after one broker's failure does not send another broker's in-flight messages again", async () => {
  const slow = fakeBroker(1, 150, 0);
  const failing = fakeBroker(2, 0, 1);
  const brokers = new Map([
    [1, slow],
    [2, failing],
  ]);
  const locks = new Map<unknown, Promise<void>>();
  const releases = new Map<unknown, () => void>();
  const sequences = new Map<number, number>();
  const sendMessages = createSendMessages({
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    cluster: {
      refreshMetadataIfNecessary: async () => undefined,
      refreshMetadata: async () => undefined,
      addMultipleTargetTopics: async () => undefined,
      isConnected: () => true,
      findTopicPartitionMetadata: () => [
        { partitionId: 0, leader: 1 },
        { partitionId: 1, leader: 2 },
      ],
      // Partition 0 is led by node 1, partition 1 by node 2 (KafkaJS passes the partitions as object keys: strings).
      findLeaderForPartitions: (_topic: string, partitions: string[]) => {
        const byLeader: Record<number, number[]> = {};
        for (const p of partitions.map(Number)) {
          const leader = p === 0 ? 1 : 2;
          byLeader[leader] = [...(byLeader[leader] ?? []), p];
        }
        return byLeader;
      },
      // KafkaJS passes the leader ids as object keys: strings.
      findBroker: async ({ nodeId }: { nodeId: number | string }) => brokers.get(Number(nodeId)),
    },
    partitioner: ({ message }: { message: { partition: number } }) => message.partition,
    eosManager: {
      isTransactional: () => false,
      getTransactionalId: () => undefined,
      getProducerId: () => 1000,
      getProducerEpoch: () => 0,
      getSequence: (_topic: string, partition: number) => sequences.get(partition) ?? 0,
      updateSequence: (_topic: string, partition: number, increment: number) =>
        sequences.set(partition, (sequences.get(partition) ?? 0) + increment),
      // KafkaJS's own per-broker lock: a second request to a broker waits for the first.
      async acquireBrokerLock(broker: unknown) {
        while (locks.has(broker)) await locks.get(broker);
        locks.set(broker, new Promise<void>((resolve) => releases.set(broker, resolve)));
      },
      async releaseBrokerLock(broker: unknown) {
        locks.delete(broker);
        releases.get(broker)?.();
      },
    },
    retrier: createRetry({ initialRetryTime: 10, retries: 3, maxRetryTime: 50 }),
  });

  await sendMessages({
    acks: -1,
    timeout: 30_000,
    topicMessages: [
      {
        topic: 'out',
        messages: [
          { partition: 0, value: 'a' },
          { partition: 1, value: 'b' },
        ],
      },
    ],
  });
  assert.deepEqual(slow.produced, [[0]], "the slow broker's messages were produced once");
  assert.deepEqual(failing.produced, [[1]]);
  assert.equal(sequences.get(0), 1, 'one sequence number used on partition 0');
});
