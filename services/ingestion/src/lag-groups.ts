import { consumerGroupIn } from '@shelfstream/contracts';

/**
 * The group ids whose lag opens the SLA breaker: INGEST_BREAKER_LAG_GROUPS within the topic namespace, the way the
 * downstream services name the groups they join.
 */
export function breakerLagGroupIds(config: {
  readonly breakerLagGroups: readonly string[];
  readonly kafkaTopicNamespace: string;
}): string[] {
  return config.breakerLagGroups.map((group) => consumerGroupIn(config.kafkaTopicNamespace, group));
}
