import { setTimeout as sleep } from 'node:timers/promises';
import type { TopicSpec } from '@shelfstream/contracts';
import type { Admin, ITopicConfig } from 'kafkajs';
import kafkajs from 'kafkajs';

// kafkajs is CommonJS; Node's ESM loader does not see this export by name.
const { ConfigResourceTypes } = kafkajs;

/** Cluster-dependent topic settings (from the deployment's config, not the catalogue). */
export interface TopicPlacement {
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
}

/** What provisioning did to one topic. */
export interface TopicProvisionResult {
  readonly topic: string;
  readonly action: 'created' | 'updated' | 'unchanged';
  readonly changes: readonly string[];
}

/** The Kafka topic configs a spec asks for. */
export function topicConfigEntries(
  spec: TopicSpec,
  placement: TopicPlacement,
): { name: string; value: string }[] {
  return [
    { name: 'cleanup.policy', value: spec.cleanupPolicy },
    { name: 'retention.ms', value: String(spec.retentionMs) },
    { name: 'min.insync.replicas', value: String(placement.minInsyncReplicas) },
  ];
}

/**
 * Creates missing topics and brings existing ones to the catalogue's settings (configs; partitions only grow).
 * Idempotent: a second run reports every topic `unchanged`.
 */
export async function provisionTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
  placement: TopicPlacement,
): Promise<TopicProvisionResult[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  if (missing.length > 0) {
    const topics: ITopicConfig[] = missing.map((spec) => ({
      topic: spec.name,
      numPartitions: spec.partitions,
      replicationFactor: placement.replicationFactor,
      configEntries: topicConfigEntries(spec, placement),
    }));
    await admin.createTopics({ topics, waitForLeaders: false });
    await waitForLeaders(
      admin,
      missing.map((s) => s.name),
    );
  }
  const results: TopicProvisionResult[] = missing.map((s) => ({
    topic: s.name,
    action: 'created',
    changes: [],
  }));
  const present = specs.filter((s) => existing.has(s.name));
  if (present.length === 0) return results;

  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: present.map((s) => ({ type: ConfigResourceTypes.TOPIC, name: s.name })),
  });
  const metadata = await admin.fetchTopicMetadata({ topics: present.map((s) => s.name) });
  for (const spec of present) {
    const changes: string[] = [];
    const resource = described.resources.find((r) => r.resourceName === spec.name);
    const wanted = topicConfigEntries(spec, placement);
    const drifted = wanted.filter(
      (w) => resource?.configEntries.find((e) => e.configName === w.name)?.configValue !== w.value,
    );
    if (drifted.length > 0) {
      // alterConfigs replaces the topic's whole dynamic config: send every wanted entry, not just the drifted ones.
      await admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: spec.name, configEntries: wanted }],
      });
      changes.push(...drifted.map((d) => `${d.name}=${d.value}`));
    }
    const partitions = metadata.topics.find((t) => t.name === spec.name)?.partitions.length ?? 0;
    if (partitions < spec.partitions) {
      await admin.createPartitions({ topicPartitions: [{ topic: spec.name, count: spec.partitions }] });
      changes.push(`partitions ${partitions}->${spec.partitions}`);
    }
    results.push({ topic: spec.name, action: changes.length > 0 ? 'updated' : 'unchanged', changes });
  }
  return results;
}

/** Errors of a metadata request for a topic that is created but not yet known to every broker. */
const NOT_YET_EVERYWHERE = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * Waits until every partition of new topics has a leader. KafkaJS's own `waitForLeaders` asks any broker and gives
 * up on UNKNOWN_TOPIC_OR_PARTITION, which a broker of a multi-node cluster answers until the new topic's metadata
 * reaches it (the three-node stack failed its first provisioning so).
 */
async function waitForLeaders(admin: Admin, topics: readonly string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 100; ; pause = Math.min(pause * 2, 2000)) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
      const leaderless = metadata.topics.filter((t) => t.partitions.some((p) => p.leader < 0));
      if (leaderless.length === 0) return;
      if (Date.now() > deadline)
        throw new Error(
          `topics without a leader after ${timeoutMs} ms: ${leaderless.map((t) => t.name).join(', ')}`,
        );
    } catch (err) {
      const type = (err as { type?: string }).type;
      if (type === undefined || !NOT_YET_EVERYWHERE.has(type) || Date.now() > deadline) throw err;
    }
    await sleep(pause);
  }
}
