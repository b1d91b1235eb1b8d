/** Mean score of a set of detections; 0 for none. */
export function meanConfidence(scores: readonly number[]): number {
  if (scores.length === 0) return 0;
  let sum = 0;
  for (const s of scores) sum += s;
  return sum / scores.length;
}

/**
 * Whether a model tier's answer is too unsure to keep: mean confidence below `threshold` (0 disables the rule).
 * An image with no detection at all counts as confidence 0: an empty answer from a model tier is a fallback too.
 */
export function isLowConfidence(scores: readonly number[], threshold: number): boolean {
  return threshold > 0 && meanConfidence(scores) < threshold;
}
