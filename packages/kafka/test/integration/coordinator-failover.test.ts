import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '@shelfstream/observability';
import { type OwnKafka, startOwnKafka, testKafkaConnection, waitFor } from '@shelfstream/testkit';
import type { Admin, Kafka } from 'kafkajs';
import { createKafkaClient } from '../../src/kafka-client.js';
import { superviseStageConsumer } from '../../src/stage-consumer.js';
import { TransactionalProducers } from '../../src/transactional-producers.js';

/** The partitions of __consumer_offsets (Kafka's `offsets.topic.num.partitions` default; the stack keeps it). */
const OFFSETS_PARTITIONS = 50;
const PARTITIONS = 3;
/**
 * How long after the election the consumer may take to consume again. Before the fix it kept heartbeating the dead
 * node until its retry budget was spent (about 50 s after the election on an idle machine); after it, it rejoins on
 * the first failed heartbeat and is back within a few seconds of the election.
 */
const AFTER_ELECTION_MS = 20_000;

let cluster: OwnKafka;
let kafka: Kafka;
let admin: Admin;

before(async () => {
  cluster = await startOwnKafka('coordinator-failover', 800, { brokers: 3 });
  kafka = createKafkaClient(
    { ...testKafkaConnection(), kafkaBrokers: cluster.brokers },
    'coordinator-failover',
    createLogger({ service: 'test', level: 'fatal' }),
  );
  admin = kafka.admin();
  await admin.connect();
});

after(async () => {
  await admin?.disconnect().catch(() => undefined);
  await cluster?.stop();
});

// Issue 12, three brokers: "no pause longer than the election". KafkaJS finds the group coordinator only when it
// joins and heartbeats that broker from then on; when its node died the consumer retried the dead node until its
// retry budget ran out, long after another node had taken the coordinator over.
test('a consumer whose group coordinator dies consumes again right after the election', async (t) => {
  const topic = `failover-${Date.now().toString(36)}`;
  const groupId = `${topic}.group`;
  // Not createTopics' waitForLeaders: on a fresh cluster it threw UNKNOWN_TOPIC_OR_PARTITION instead of waiting.
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: false });
  await waitFor(
    'leaders of the topic',
    async () => (await leaders(topic)).every((l) => l >= 0) || undefined,
    30_000,
    200,
  );

  let lastConsumedAt = 0;
  const makeSupervisor = () =>
    superviseStageConsumer({
      kafka,
      logger: createLogger({ service: 'test', level: 'fatal' }),
      groupId,
      topics: [topic],
      sessionTimeoutMs: 30_000,
      heartbeatIntervalMs: 1_000,
      partitionsConsumedConcurrently: PARTITIONS,
      pausedAll: () => false,
      producers: new TransactionalProducers(kafka, { transactionalIdPrefix: groupId, groupId }),
      // As a stage's commitChunk does: a member heartbeats before it commits (it must not commit a partition it lost).
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        await heartbeat();
        for (const message of batch.messages) resolveOffset(message.offset);
        if (batch.messages.length > 0) lastConsumedAt = Date.now();
      },
    });
  // A topic this new may be unknown to the node a subscribe asks (UNKNOWN_TOPIC_OR_PARTITION): start again then.
  const supervisor = await waitFor(
    'the consumer subscribed',
    async () => {
      const started = makeSupervisor();
      try {
        await started.start();
        return started;
      } catch (err) {
        await started.stop().catch(() => undefined);
        throw err;
      }
    },
    60_000,
    500,
  );
  const producer = kafka.producer();
  await producer.connect();
  let producing = true;
  // One writer per partition: a partition led by the dead node stalls only its own writer.
  const writers = Array.from({ length: PARTITIONS }, async (_, partition) => {
    while (producing) {
      await producer.send({ topic, messages: [{ partition, value: 'x' }] }).catch(() => undefined);
      await sleep(100);
    }
  });
  try {
    await waitFor('the consumer consuming', () => (lastConsumedAt > 0 ? true : undefined), 60_000, 100);

    const victim = await coordinatorNode(groupId);
    await cluster.kill(victim);
    const killedAt = Date.now();
    await waitFor(
      `another node coordinating ${groupId}`,
      async () => {
        const now = await coordinatorNode(groupId).catch(() => victim);
        return now !== victim && now >= 0 ? true : undefined;
      },
      120_000,
      250,
    );
    const electedAt = Date.now();
    await waitFor(
      'the consumer consuming again after the election',
      () => (lastConsumedAt > electedAt ? true : undefined),
      AFTER_ELECTION_MS,
      100,
    );
    t.diagnostic(
      `election ${((electedAt - killedAt) / 1000).toFixed(1)} s after the kill; consuming again ` +
        `${((lastConsumedAt - electedAt) / 1000).toFixed(1)} s after it; consumer recreates ${supervisor.recreates}`,
    );
  } finally {
    producing = false;
    await Promise.all(writers);
    await producer.disconnect();
    await supervisor.stop().catch(() => undefined);
  }
});

/** The leader of each partition of `topic`, asked of the live nodes. */
async function leaders(topic: string): Promise<number[]> {
  const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
  return (metadata.topics[0]?.partitions ?? []).map((p) => p.leader);
}

/** The node that coordinates `groupId`: the leader of its __consumer_offsets partition (Kafka's own mapping). */
async function coordinatorNode(groupId: string): Promise<number> {
  const partition = javaAbs(javaStringHash(groupId)) % OFFSETS_PARTITIONS;
  const metadata = await admin.fetchTopicMetadata({ topics: ['__consumer_offsets'] });
  const found = metadata.topics[0]?.partitions.find((p) => p.partitionId === partition);
  if (!found) throw new Error(`__consumer_offsets has no partition ${partition}`);
  return found.leader;
}

/** Java's String.hashCode. */
function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return hash;
}

/** Kafka's Utils.abs: Math.abs, but 0 for Integer.MIN_VALUE. */
function javaAbs(n: number): number {
  return n === -2147483648 ? 0 : Math.abs(n);
}
