/** Mean score of a set of detections; 0 for none. */
export function meanConfidence(scores: readonly number[]): number {
  if (scores.length === 0) return 0;
  let sum = 0;
  for (const s of scores) sum += s;
  return sum / scores.length;
}

/**
 * Whether a model tier's answer is too unsure to keep: mean confidence below `threshold` (0 disables the rule).
 * An image with no detection at all counts as confidence 0, so an empty answer is a fallback too, except where
 * preprocessing saw shelf lines (`shelfLinesFound` > 0): "no product" is then the answer for an EMPTY shelf, which
 * must score 0 by SKU. Passing it on would end at the heuristic tier, which counts a bare fixture's pegboard, frame
 * or price rail as facings (facings on 55 of 79 generated empty shelves). With no line seen, or not measured (null),
 * an empty answer falls back as before.
 */
export function isLowConfidence(
  scores: readonly number[],
  threshold: number,
  shelfLinesFound: number | null = null,
): boolean {
  if (scores.length === 0 && shelfLinesFound !== null && shelfLinesFound > 0) return false;
  return threshold > 0 && meanConfidence(scores) < threshold;
}
