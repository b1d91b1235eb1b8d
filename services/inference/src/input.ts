import type { FallbackRequested, ImagePrepared } from '@shelfstream/contracts';
import type { StageRecord } from '@shelfstream/kafka';
import type { Tier } from './transform/tier.js';

/** One image to infer, whatever topic it came from. */
export interface InferenceJob {
  readonly image: ImagePrepared;
  /** Fallback reasons so far (empty on tier 1). */
  readonly fallbackReasons: readonly string[];
}

/** The record value a tier consumes: ImagePrepared for tier 1, FallbackRequested for the fallback tiers. */
export type TierInput = ImagePrepared | FallbackRequested;

/** Normalizes a consumed record into an {@link InferenceJob}. */
export function toJob(tier: Tier, record: StageRecord<TierInput>): InferenceJob {
  if (tier === 'remote') return { image: record.value as ImagePrepared, fallbackReasons: [] };
  const value = record.value as FallbackRequested;
  return { image: value.image, fallbackReasons: value.fallback_reasons };
}

/** The capture id of a consumed value (for logs and the DLQ). */
export function captureIdOf(value: TierInput): string {
  return value.capture_id;
}
