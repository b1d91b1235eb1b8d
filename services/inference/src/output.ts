import type { DetectionsProduced, FallbackRequested } from '@shelfstream/contracts';
import type { StageOutput } from '@shelfstream/kafka';
import type { TierTopics } from './topics.js';

/** What a tier made of one image: its detections, or a hand-over to the next tier. */
export type TierProduct =
  | { readonly kind: 'detections'; readonly value: DetectionsProduced }
  | { readonly kind: 'fallback'; readonly value: FallbackRequested };

/** The topics a tier produces to: their schema ids are looked up at start-up. */
export function stageOutputTopics(topics: Pick<TierTopics, 'detections' | 'fallback'>): string[] {
  return [topics.detections, ...(topics.fallback === null ? [] : [topics.fallback])];
}

/**
 * The records one image produces, keyed by capture id: DetectionsProduced on `shelf.detections.v1`, or
 * FallbackRequested on the next tier's fallback topic. The StageRunner encodes them and produces them in the same
 * transaction as the input offset.
 *
 * @throws Error for a fallback from the last tier, which has no next tier (the stage dead-letters instead).
 */
export function toStageOutputs(
  topics: Pick<TierTopics, 'detections' | 'fallback'>,
  product: TierProduct,
): StageOutput[] {
  if (product.kind === 'detections') {
    return [{ topic: topics.detections, key: product.value.capture_id, value: product.value }];
  }
  if (topics.fallback === null) throw new Error('the last tier has no fallback topic');
  return [{ topic: topics.fallback, key: product.value.capture_id, value: product.value }];
}
