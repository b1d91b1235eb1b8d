import assert from 'node:assert/strict';
import { type OwnKafka, readTopic, startOwnKafka, waitFor } from '@shelfstream/testkit';
import kafkajs, { type Admin, type Kafka } from 'kafkajs';
import type { Membership } from '../../src/chunk-transaction.js';
import { KAFKA_RETRY } from '../../src/kafka-client.js';

const { Kafka: KafkaClient, logLevel } = kafkajs;

/** Short, so requests to a frozen broker time out in seconds (KafkaJS: 30 s; the failure is the same). */
export const REQUEST_TIMEOUT_MS = 2000;

/** Inputs of a copy stage's partition, one output each. */
export const RECORDS = 6;
/** Records per chunk: the partition commits in two transactions. */
export const CHUNK = 3;
/** Chunks the stage may fail in a row after a fault before it counts as stopped for good. */
export const ATTEMPTS = 4;

/** A Kafka node of a test's own, a client of it and a connected admin. */
export interface OwnKafkaClient {
  readonly stack: OwnKafka;
  readonly kafka: Kafka;
  readonly admin: Admin;
  /** Disconnects the admin, stops the node and purges its state. */
  close(): Promise<void>;
}

/**
 * Starts a Kafka node of the test's own (see startOwnKafka: tests that freeze a broker must not touch the shared
 * one) with a client configured as createKafkaClient's, but with {@link REQUEST_TIMEOUT_MS}. Resolves once both the
 * group and the transaction coordinator answer: a fresh cluster makes __consumer_offsets and __transaction_state on
 * first use, so nothing but a test's injected fault fails its first transaction.
 */
export async function startOwnKafkaClient(name: string, portOffset: number): Promise<OwnKafkaClient> {
  const stack = await startOwnKafka(name, portOffset);
  const kafka = new KafkaClient({
    clientId: `${name}-test`,
    brokers: stack.brokers,
    logLevel: logLevel.NOTHING,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // createKafkaClient's retry policy.
    retry: KAFKA_RETRY,
  });
  const admin = kafka.admin();
  await admin.connect();
  const warmUp = `${name}.warm-up`;
  await waitFor('the group coordinator', () => admin.fetchOffsets({ groupId: warmUp }), 90_000, 500);
  await waitFor(
    'the transaction coordinator',
    async () => {
      const warm = kafka.producer({ transactionalId: warmUp, idempotent: true, maxInFlightRequests: 1 });
      await warm.connect();
      try {
        await (await warm.transaction()).abort();
        return true;
      } finally {
        await warm.disconnect();
      }
    },
    90_000,
    500,
  );
  return {
    stack,
    kafka,
    admin,
    async close() {
      await admin.disconnect().catch(() => undefined);
      await stack.stop();
    },
  };
}

/** The membership of a member that keeps its partition throughout (these tests inject broker faults, not rebalances). */
export const KEPT_MEMBERSHIP: Membership = {
  heartbeat: async () => undefined,
  isStale: () => false,
  isRunning: () => true,
};

/** Creates a one-partition input and output topic and writes `records` inputs, `record-<i>` keyed `k<i>`. */
export async function seedCopyTopics(
  { kafka, admin }: Pick<OwnKafkaClient, 'kafka' | 'admin'>,
  topics: { readonly input: string; readonly output: string },
  records: number,
): Promise<void> {
  await admin.createTopics({
    topics: [
      { topic: topics.input, numPartitions: 1 },
      { topic: topics.output, numPartitions: 1 },
    ],
  });
  // Not createTopics' waitForLeaders: right after a thawed broker it threw UNKNOWN_TOPIC_OR_PARTITION (the metadata
  // had not caught up yet) instead of waiting.
  await waitFor(
    'leaders of the copy topics',
    async () => {
      const metadata = await admin.fetchTopicMetadata({ topics: [topics.input, topics.output] });
      return metadata.topics.every((t) => t.partitions.every((p) => p.leader >= 0)) || undefined;
    },
    30_000,
    200,
  );
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic: topics.input,
      messages: Array.from({ length: records }, (_, i) => ({ key: `k${i}`, value: `record-${i}` })),
    });
  } finally {
    await producer.disconnect();
  }
}

/** read_committed: every input of {@link seedCopyTopics} copied to `output` exactly once, in order; nothing of an aborted transaction visible. */
export async function assertCopiedExactlyOnce(kafka: Kafka, output: string): Promise<void> {
  const outputs = await readTopic(kafka, output, {
    until: (records) => records.length >= RECORDS,
    timeoutMs: 20_000,
    settleMs: 1000,
  });
  assert.deepEqual(
    outputs.map((r) => r.value?.toString()),
    Array.from({ length: RECORDS }, (_, i) => `record-${i}`),
  );
}
