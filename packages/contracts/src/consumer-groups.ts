/**
 * The Kafka consumer groups each consuming process of the mesh joins, before the topic namespace. The services
 * join these, and what names a group from outside (ingestion's SLA breaker, the chart's KEDA triggers, checked by
 * deploy/validate) reads them here, so the two cannot drift. The ids are as deployed: renaming one would lose its
 * committed offsets. Keys are the processes (`inference-<tier>`, scoring's roles `scoring` and `state-tracker`).
 * This file imports nothing: deploy/validate reads it directly.
 */
export const ConsumerGroups = {
  ingestion: { main: 'ingestion' },
  preprocessing: { main: 'shelfstream.preprocessing' },
  // Tier 1 reads the degraded lane in a group of its own, paused while the ready lane has work, and the re-score
  // requests in a third, paused also while its breaker is not closed.
  'inference-remote': {
    main: 'inference-remote',
    degraded: 'inference-remote-degraded',
    rescore: 'inference-remote-rescore',
  },
  'inference-edge': { main: 'inference-edge' },
  'inference-heuristic': { main: 'inference-heuristic' },
  scoring: { main: 'shelfstream-scoring' },
  'state-tracker': { main: 'shelfstream-state-tracker' },
} as const satisfies Readonly<
  Record<string, { readonly main: string; readonly degraded?: string; readonly rescore?: string }>
>;

/** A process that consumes from Kafka. */
export type ConsumerProcess = keyof typeof ConsumerGroups;

/** Every group a process joins (the ids before the namespace), main group first. */
export function consumerGroupsOf(process: ConsumerProcess): readonly string[] {
  return Object.values(ConsumerGroups[process]);
}

/**
 * A group id within a topic namespace: `<namespace>.<group>`, the plain id for the empty namespace, so test runs
 * sharing a cluster never join each other's groups (the same rule as topic names).
 */
export function consumerGroupIn(namespace: string, group: string): string {
  return namespace === '' ? group : `${namespace}.${group}`;
}
