import { randomBytes } from 'node:crypto';
import type { createKafkaClient } from '@shelfstream/kafka';

type Kafka = ReturnType<typeof createKafkaClient>;
type Admin = ReturnType<Kafka['admin']>;

/** One partition a group consumes: its committed offset and the topic's high watermark. */
export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  readonly committed: number;
  readonly high: number;
  /** high - committed (a group without a commit on the partition counts from the low watermark). */
  readonly lag: number;
}

/** The mesh's consumer groups: those named `<namespace>.` something (the harness's own readers are not). */
export async function meshGroups(admin: Admin, namespace: string): Promise<string[]> {
  const { groups } = await admin.listGroups();
  return groups
    .map((g) => g.groupId)
    .filter((id) => id.startsWith(`${namespace}.`))
    .sort();
}

/**
 * Offset lag of each group over the namespace's topics it has committed on (high watermark - committed). With
 * transactions this over-counts: a commit marker after the last record keeps it at 1 for ever; {@link settledLags}
 * discounts such markers.
 */
export async function offsetLags(
  admin: Admin,
  namespace: string,
  groups: readonly string[],
): Promise<Map<string, PartitionLag[]>> {
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${namespace}.`));
  const ends = new Map<string, { partition: number; high: string; low: string }[]>();
  for (const topic of topics) ends.set(topic, await admin.fetchTopicOffsets(topic));
  const out = new Map<string, PartitionLag[]>();
  for (const groupId of groups) {
    const committed = await admin.fetchOffsets({ groupId, topics });
    const list: PartitionLag[] = [];
    for (const { topic, partitions } of committed) {
      if (!partitions.some((p) => Number(p.offset) >= 0)) continue; // not one of this group's topics
      for (const end of ends.get(topic) ?? []) {
        const c = Number(partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
        const from = c >= 0 ? c : Number(end.low);
        list.push({
          topic,
          partition: end.partition,
          committed: from,
          high: Number(end.high),
          lag: Math.max(0, Number(end.high) - from),
        });
      }
    }
    out.set(groupId, list);
  }
  return out;
}

/** How many records before the high watermark the tail reader looks at. */
const TAIL = 20;

/**
 * Lag per group counting records only: for every partition with an offset lag, reads the last {@link TAIL} offsets
 * read_committed and takes the offset after the last committed data record as the end, so that commit/abort markers
 * and aborted records (a producer killed mid-transaction) do not count. The consumer's group is not a mesh group.
 */
export async function settledLags(
  kafka: Kafka,
  lags: ReadonlyMap<string, readonly PartitionLag[]>,
  settleMs = 5000,
): Promise<{ group: string; lag: number; partitions: PartitionLag[] }[]> {
  const open = [...lags.values()].flat().filter((p) => p.lag > 0);
  const dataEnd = open.length > 0 ? await readDataEnds(kafka, open, settleMs) : new Map<string, number>();
  return [...lags].map(([group, partitions]) => {
    const behind = partitions.filter((p) => {
      if (p.lag === 0) return false;
      const end = dataEnd.get(`${p.topic}:${p.partition}`) ?? Math.max(0, p.high - TAIL);
      return p.committed < end;
    });
    const lag = behind.reduce(
      (sum, p) => sum + ((dataEnd.get(`${p.topic}:${p.partition}`) ?? p.high) - p.committed),
      0,
    );
    return { group, lag, partitions: behind };
  });
}

async function readDataEnds(
  kafka: Kafka,
  partitions: readonly PartitionLag[],
  settleMs: number,
): Promise<Map<string, number>> {
  const consumer = kafka.consumer({
    groupId: `chaos-tail-${randomBytes(4).toString('hex')}`,
    readUncommitted: false,
    maxWaitTimeInMs: 500,
  });
  const ends = new Map<string, number>();
  let last = Date.now();
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
    last = Date.now();
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...new Set(partitions.map((p) => p.topic))], fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          const key = `${batch.topic}:${batch.partition}`;
          ends.set(key, Math.max(ends.get(key) ?? 0, Number(m.offset) + 1));
        }
        if (batch.messages.length > 0) last = Date.now();
      },
    });
    for (const p of partitions)
      consumer.seek({ topic: p.topic, partition: p.partition, offset: String(Math.max(0, p.high - TAIL)) });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !(joined && Date.now() - last >= settleMs))
      await new Promise((r) => setTimeout(r, 200));
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  return ends;
}
