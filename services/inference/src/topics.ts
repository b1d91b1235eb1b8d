import { retryTopic, Topics } from '@shelfstream/contracts';
import type { Tier } from './transform/tier.js';

/** The topics one inference tier reads and writes, under a namespace. */
export interface TierTopics {
  /** Inputs in priority order (tier 1: the ready lane, then the degraded lane). */
  readonly inputs: readonly string[];
  /** Where this tier forwards records it gives up on; null for the heuristic tier (the last one). */
  readonly fallback: string | null;
  readonly detections: string;
  readonly retry: string;
  readonly deadLetter: string;
}

/**
 * Topic names of a tier under `namespace` (`<namespace>.<topic>`, plain names for the empty namespace), the same
 * rule as contracts' `topicNames`, which @shelfstream/contracts does not export from its index yet.
 */
export function tierTopics(tier: Tier, namespace: string): TierTopics {
  const ns = (topic: string) => (namespace === '' ? topic : `${namespace}.${topic}`);
  const inputs =
    tier === 'remote'
      ? [Topics.imagesReady, Topics.imagesDegraded]
      : tier === 'edge'
        ? [Topics.fallbackEdge]
        : [Topics.fallbackHeuristic];
  const fallback =
    tier === 'remote' ? Topics.fallbackEdge : tier === 'edge' ? Topics.fallbackHeuristic : null;
  return {
    inputs: inputs.map(ns),
    fallback: fallback === null ? null : ns(fallback),
    detections: ns(Topics.detections),
    retry: ns(retryTopic(`inference-${tier}`)),
    deadLetter: ns(Topics.deadLetters),
  };
}
