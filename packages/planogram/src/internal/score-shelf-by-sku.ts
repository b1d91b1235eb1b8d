import { alignShelf, type ShelfAlignment } from '../align-shelf.js';
import type { ShelfCompliance, SkuFacings } from '../compliance-result.js';
import { WEIGHT_UNIT } from '../confidence-weight.js';
import type { PlannedShelf } from '../planogram.js';
import { expandFacings } from './expand-facings.js';
import { percentOf } from './percent.js';
import type { PlacedDetection } from './placed-detection.js';

/** Per-SKU counts of one shelf, gathered for the capture-wide SKU report. */
export interface ShelfSkuTally {
  readonly found: number;
  readonly matched: number;
}

/** A shelf scored with SKU identity, plus what the SKU report needs. */
export interface ShelfScoredBySku {
  readonly shelf: ShelfCompliance;
  readonly alignment: ShelfAlignment;
  /** Counts per detected SKU on this shelf. */
  readonly tallies: ReadonlyMap<string, ShelfSkuTally>;
}

/**
 * Scores one shelf when detections carry SKUs: aligns planned and detected sequences (see
 * {@link alignShelf}), then classifies every detection that was not matched: `unexpected` when the
 * planogram does not list its SKU anywhere, `misplaced` when it does (wrong shelf, wrong position
 * or surplus facing), `unidentified` when it has no SKU. A planned SKU is `missing` on the shelf
 * when none of its facings was detected on the shelf.
 */
export function scoreShelfBySku(
  index: number,
  planned: PlannedShelf,
  detections: readonly PlacedDetection[],
  weights: readonly number[],
  planogramSkus: ReadonlySet<string>,
): ShelfScoredBySku {
  const slots = expandFacings(planned);
  const alignment = alignShelf(
    slots,
    detections.map((d) => d.sku),
    weights,
  );
  const matchedAt = new Set<number>();
  for (const step of alignment.steps) if (step.kind === 'match') matchedAt.add(step.detected);

  const tallies = new Map<string, { found: number; matched: number }>();
  const misplaced = new Map<string, number>();
  const unexpected = new Map<string, number>();
  let unidentified = 0;
  detections.forEach((d, j) => {
    if (d.sku === null) {
      unidentified++;
      return;
    }
    const tally = tallies.get(d.sku) ?? { found: 0, matched: 0 };
    tally.found++;
    tallies.set(d.sku, tally);
    if (matchedAt.has(j)) tally.matched++;
    else if (planogramSkus.has(d.sku)) misplaced.set(d.sku, (misplaced.get(d.sku) ?? 0) + 1);
    else unexpected.set(d.sku, (unexpected.get(d.sku) ?? 0) + 1);
  });
  const missing = [...new Set(slots)].filter((sku) => !tallies.has(sku));

  const shelf: ShelfCompliance = {
    index,
    facingsExpected: slots.length,
    facingsDetected: detections.length,
    facingsMatched: matchedAt.size,
    matchedWeight: alignment.matchedWeight / WEIGHT_UNIT,
    compliance: percentOf(alignment.matchedWeight, slots.length),
    missing,
    misplaced: toSkuFacings(misplaced),
    unexpected: toSkuFacings(unexpected),
    unidentified,
  };
  return { shelf, alignment, tallies };
}

/** Map insertion order is left to right, so the list follows first appearance on the shelf. */
function toSkuFacings(counts: ReadonlyMap<string, number>): SkuFacings[] {
  return [...counts].map(([sku, facings]) => ({ sku, facings }));
}
