/** Weights are integers in millionths of a facing, so sums are exact and independent of order. */
export const WEIGHT_UNIT = 1_000_000;

/** Default confidence at and above which a matched facing counts in full. @default 0.5 (score units) */
export const DEFAULT_CONFIDENCE_FLOOR = 0.5;

/**
 * Weight of one detected facing, in millionths of a facing:
 * `round(1e6 * min(1, max(0, score) / confidenceFloor))`. A score at or above the floor counts as
 * one whole facing; below it, proportionally less. A non-finite score (NaN) weighs 0.
 * The function is non-decreasing in `score`, which makes every compliance score monotone in
 * detection confidence.
 *
 * @throws RangeError when `confidenceFloor` is not in (0, 1].
 */
export function confidenceWeight(score: number, confidenceFloor: number = DEFAULT_CONFIDENCE_FLOOR): number {
  assertConfidenceFloor(confidenceFloor);
  if (Number.isNaN(score) || score <= 0) return 0;
  if (score >= confidenceFloor) return WEIGHT_UNIT;
  return Math.round((score / confidenceFloor) * WEIGHT_UNIT);
}

/**
 * Checks a confidence floor once, up front.
 *
 * @throws RangeError when `confidenceFloor` is not in (0, 1].
 */
export function assertConfidenceFloor(confidenceFloor: number): void {
  if (!(confidenceFloor > 0 && confidenceFloor <= 1)) {
    throw new RangeError(`confidenceFloor must be in (0, 1], got ${confidenceFloor}`);
  }
}
