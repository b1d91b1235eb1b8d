import type { ImageQuality } from '@shelfstream/contracts';
import type { PreprocessReason } from '../reasons.js';

/** Thresholds of the quality rule. Each failed check is its own reason; any reason makes the image DEGRADED. */
export interface QualityThresholds {
  /** Laplacian variance below this is blurry. */
  readonly blurVarianceMin: number;
  /** Both sides below this (px, after orientation) is low resolution. */
  readonly minSidePx: number;
  /** Mean luma (0-255) below this is too dark. */
  readonly darkMeanMax: number;
  /** Mean luma (0-255) above this is too bright. */
  readonly brightMeanMin: number;
  /** A share of pixels at or above luma 239 over this is clipped highlights (glare, a flash on the shelf edge). */
  readonly clippedFractionMax: number;
  /** Luma standard deviation below this is too little contrast (fog, a lens cap, a flat wall). */
  readonly contrastStddevMin: number;
}

/** The measurements the verdict is taken on (on the working image, before lighting normalization). */
export interface QualityInput {
  readonly blurVariance: number;
  readonly originalWidth: number;
  readonly originalHeight: number;
  readonly meanLuma: number;
  readonly lumaStddev: number;
  readonly overexposedFraction: number;
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
  if (input.meanLuma < thresholds.darkMeanMax) reasons.push('PREPROCESS_TOO_DARK');
  if (input.meanLuma > thresholds.brightMeanMin) reasons.push('PREPROCESS_TOO_BRIGHT');
  if (input.overexposedFraction > thresholds.clippedFractionMax)
    reasons.push('PREPROCESS_HIGHLIGHTS_CLIPPED');
  if (input.lumaStddev < thresholds.contrastStddevMin) reasons.push('PREPROCESS_LOW_CONTRAST');
  return { quality: reasons.length === 0 ? 'OK' : 'DEGRADED', reasons };
}
