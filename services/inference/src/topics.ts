import { topicNames } from '@shelfstream/contracts';
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
  /**
   * Tier 1's re-score requests (its third, lowest-priority lane: captures a lower tier scored while tier 1 was down,
   * sent back once it answers again); null for the fallback tiers.
   */
  readonly rescore: string | null;
}

/**
 * Topic names of a tier under `namespace` (`<namespace>.<topic>`, plain names for the empty namespace), through
 * contracts' {@link topicNames} so that the namespacing rule lives in one place.
 */
export function tierTopics(tier: Tier, namespace: string): TierTopics {
  const names = topicNames(namespace);
  const inputs =
    tier === 'remote'
      ? [names.imagesReady, names.imagesDegraded]
      : tier === 'edge'
        ? [names.fallbackEdge]
        : [names.fallbackHeuristic];
  const fallback = tier === 'remote' ? names.fallbackEdge : tier === 'edge' ? names.fallbackHeuristic : null;
  return {
    inputs,
    fallback,
    detections: names.detections,
    retry: names.retry(`inference-${tier}`),
    deadLetter: names.deadLetters,
    rescore: tier === 'remote' ? names.rescoreRequests : null,
  };
}
