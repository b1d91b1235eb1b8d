import type { ImageQuality } from '@shelfstream/contracts';
import type { PreprocessReason } from '../reasons.js';

/** Thresholds of the quality rule (the seeds' rule by default: blur variance < 100, or both sides < 1080 px). */
export interface QualityThresholds {
  /** Laplacian variance below this is blurry. */
  readonly blurVarianceMin: number;
  /** Both sides below this (px, after orientation) is low resolution. */
  readonly minSidePx: number;
}

/** The measurements the verdict is taken on. */
export interface QualityInput {
  readonly blurVariance: number;
  readonly originalWidth: number;
  readonly originalHeight: number;
}

/** OK, or DEGRADED with the reason codes that made it so. */
export interface QualityVerdict {
  readonly quality: ImageQuality;
  readonly reasons: readonly PreprocessReason[];
}

/** Applies the quality rule: each failed check adds its reason; any reason makes the image DEGRADED. */
export function judgeQuality(input: QualityInput, thresholds: QualityThresholds): QualityVerdict {
  const reasons: PreprocessReason[] = [];
  if (input.blurVariance < thresholds.blurVarianceMin) reasons.push('PREPROCESS_BLURRY');
  if (input.originalWidth < thresholds.minSidePx && input.originalHeight < thresholds.minSidePx) {
    reasons.push('PREPROCESS_LOW_RESOLUTION');
  }
  return { quality: reasons.length === 0 ? 'OK' : 'DEGRADED', reasons };
}
