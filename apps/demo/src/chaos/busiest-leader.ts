import { setTimeout as sleep } from 'node:timers/promises';
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

/** The node a broker fault kills, why, and a watch that resolves once every partition it led has another leader. */
export interface PickedBroker {
  readonly name: KafkaNodeName;
  readonly why: string;
  /** Resolves true once the partitions it led have new leaders (false: not within 2 min, or aborted). */
  readonly newLeaders: (signal: AbortSignal) => Promise<boolean>;
}

/**
 * How many of the partitions `nodeId` led still have no other leader (pure): led by it still (the cluster has not
 * fenced it yet) or by no one (the election is under way).
 */
export function awaitingNewLeader(
  now: readonly PartitionLeader[],
  ledBefore: readonly PartitionLeader[],
  nodeId: number,
): number {
  const leaderOf = new Map(now.map((p) => [`${p.topic}[${p.partition}]`, p.leader]));
  return ledBefore.filter((p) => {
    const leader = leaderOf.get(`${p.topic}[${p.partition}]`) ?? -1;
    return leader < 0 || leader === nodeId;
  }).length;
}

/**
 * Asks the cluster who leads the partitions of `topics` now and names that node's stack component (node n is
 * `KAFKA_NODE_NAMES[n - 1]`), with a reason for the log and the table.
 */
export async function pickBusiestBroker(admin: Admin, topics: readonly string[]): Promise<PickedBroker> {
  const partitions = await readLeaders(admin, topics);
  const best = busiestLeader(partitions);
  const name = best ? KAFKA_NODE_NAMES[best.nodeId - 1] : undefined;
  if (!best || !name) throw new Error('no Kafka node leads a partition of the capture path');
  const led = partitions.filter((p) => p.leader === best.nodeId);
  return {
    name,
    why: `node ${best.nodeId} leads ${best.led} of ${partitions.length} capture-path partitions`,
    newLeaders: async (signal) => {
      // Polled from the moment of the kill: the election time the mesh's longest pause is compared with.
      const deadline = Date.now() + ELECTION_WATCH_MS;
      while (Date.now() < deadline && !signal.aborted) {
        const now = await readLeaders(admin, topics, 2000).catch(() => undefined);
        if (now && awaitingNewLeader(now, led, best.nodeId) === 0) return true;
        await sleep(250);
      }
      return false;
    },
  };
}

/** How long the harness watches for new leaders after it killed a node. */
const ELECTION_WATCH_MS = 120_000;

/**
 * Who leads each partition of `topics` now. A metadata request that meets the dead node is retried by KafkaJS for
 * up to its retry budget (~20 s): `timeoutMs` gives up sooner so the next poll asks again.
 */
async function readLeaders(
  admin: Admin,
  topics: readonly string[],
  timeoutMs?: number,
): Promise<PartitionLeader[]> {
  const request = admin.fetchTopicMetadata({ topics: [...topics] });
  // The give-up timer is cancelled once the answer is in: a timer left running would hold the event loop 2 s a poll.
  const giveUp = new AbortController();
  const metadata =
    timeoutMs === undefined
      ? await request
      : await Promise.race([
          request,
          sleep(timeoutMs, undefined, { signal: giveUp.signal }).then(() => {
            throw new Error('metadata request timed out');
          }),
        ]).finally(() => giveUp.abort());
  return metadata.topics.flatMap((t) =>
    t.partitions.map((p) => ({ topic: t.name, partition: p.partitionId, leader: p.leader })),
  );
}
