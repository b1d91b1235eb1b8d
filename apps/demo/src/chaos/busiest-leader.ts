import type { createKafkaClient } from '@shelfstream/kafka';
import { KAFKA_NODE_NAMES, type KafkaNodeName } from '@shelfstream/stack';

type Admin = ReturnType<ReturnType<typeof createKafkaClient>['admin']>;

/** A partition and the node that leads it. */
export interface PartitionLeader {
  readonly topic: string;
  readonly partition: number;
  /** KRaft node id (1-based); negative while no leader is elected. */
  readonly leader: number;
}

/**
 * The node leading the most of the given partitions (pure; ties go to the lowest id): the broker whose death stops
 * the most of the capture path until new leaders are elected.
 */
export function busiestLeader(
  partitions: readonly PartitionLeader[],
): { nodeId: number; led: number } | undefined {
  const counts = new Map<number, number>();
  for (const p of partitions) if (p.leader >= 0) counts.set(p.leader, (counts.get(p.leader) ?? 0) + 1);
  let best: { nodeId: number; led: number } | undefined;
  for (const [nodeId, led] of [...counts].sort(([a], [b]) => a - b))
    if (best === undefined || led > best.led) best = { nodeId, led };
  return best;
}

/**
 * Asks the cluster who leads the partitions of `topics` now and names that node's stack component (node n is
 * `KAFKA_NODE_NAMES[n - 1]`), with a reason for the log and the table.
 */
export async function pickBusiestBroker(
  admin: Admin,
  topics: readonly string[],
): Promise<{ name: KafkaNodeName; why: string }> {
  const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
  const partitions = metadata.topics.flatMap((t) =>
    t.partitions.map((p) => ({ topic: t.name, partition: p.partitionId, leader: p.leader })),
  );
  const best = busiestLeader(partitions);
  const name = best ? KAFKA_NODE_NAMES[best.nodeId - 1] : undefined;
  if (!best || !name) throw new Error('no Kafka node leads a partition of the capture path');
  return {
    name,
    why: `node ${best.nodeId} leads ${best.led} of ${partitions.length} capture-path partitions`,
  };
}
