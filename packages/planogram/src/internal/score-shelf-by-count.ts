import type { ShelfCompliance } from '../compliance-result.js';
import { WEIGHT_UNIT } from '../confidence-weight.js';
import { percentOf } from './percent.js';

/** A shelf scored by facing counts only, and its matched weight in millionths of a facing. */
export interface ShelfScoredByCount {
  readonly shelf: ShelfCompliance;
  readonly matchedUnits: number;
}

/**
 * Scores one shelf without SKU identity (heuristic tier): the `facingsExpected` heaviest
 * detections count as matched facings, so surplus facings on one shelf never make up for
 * a shortfall on another. SKU-level findings (missing, misplaced, unexpected) are unknown
 * and left empty; every detection counts as unidentified.
 */
export function scoreShelfByCount(
  index: number,
  facingsExpected: number,
  weights: readonly number[],
): ShelfScoredByCount {
  const counted = [...weights].sort((a, b) => b - a).slice(0, facingsExpected);
  const matchedUnits = counted.reduce((sum, w) => sum + w, 0);
  const shelf: ShelfCompliance = {
    index,
    facingsExpected,
    facingsNotSeen: 0,
    facingsDetected: weights.length,
    facingsMatched: counted.length,
    matchedWeight: matchedUnits / WEIGHT_UNIT,
    compliance: percentOf(matchedUnits, facingsExpected),
    missing: [],
    notSeen: [],
    misplaced: [],
    unexpected: [],
    unidentified: weights.length,
  };
  return { shelf, matchedUnits };
}
