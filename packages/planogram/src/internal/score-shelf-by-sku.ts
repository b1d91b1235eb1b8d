import { alignShelf, alignShelfLatest, type ShelfAlignment } from '../align-shelf.js';
import type { ShelfCompliance, SkuFacings } from '../compliance-result.js';
import { WEIGHT_UNIT } from '../confidence-weight.js';
import type { PlannedShelf } from '../planogram.js';
import { expandFacings } from './expand-facings.js';
import { type Frame, slotsOutOfFrame } from './frame-edges.js';
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
  /** Indices of the planned slots outside the frame (see `slotsOutOfFrame`, `shelvesOutOfFrame`). */
  readonly unseenSlots: ReadonlySet<number>;
}

/**
 * Scores one shelf when detections carry SKUs: aligns planned and detected sequences (see
 * {@link alignShelf}), then classifies every detection that was not matched: `unexpected` when the
 * planogram does not list its SKU anywhere, `misplaced` when it does (wrong shelf, wrong position
 * or surplus facing), `unidentified` when it has no SKU. Planned slots outside the frame (the whole shelf when
 * `shelfOutOfFrame`, else the ends the frame cuts off) are not seen: the shelf's compliance counts the slots in
 * view only, and a planned SKU none of whose slots is in view is `notSeen`, never `missing`. A planned SKU is
 * `missing` on the shelf when none of its facings was detected on the shelf and some slot of it is in view.
 */
export function scoreShelfBySku(
  index: number,
  planned: PlannedShelf,
  detections: readonly PlacedDetection[],
  weights: readonly number[],
  planogramSkus: ReadonlySet<string>,
  frame: Frame,
  shelfOutOfFrame: boolean,
): ShelfScoredBySku {
  const slots = expandFacings(planned);
  const alignment = alignShelf(
    slots,
    detections.map((d) => d.sku),
    weights,
  );
  const cut = shelfOutOfFrame
    ? { left: slots.length, right: 0 }
    : slotsOutOfFrame(
        slots.length,
        alignment.steps,
        alignShelfLatest(
          slots,
          detections.map((d) => d.sku),
          weights,
        ).steps,
        detections,
        frame,
      );
  const unseenSlots = new Set<number>();
  slots.forEach((_, i) => {
    if (i < cut.left || i >= slots.length - cut.right) unseenSlots.add(i);
  });
  const seenSkus = new Set(slots.filter((_, i) => !unseenSlots.has(i)));
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
  const missing = [...seenSkus].filter((sku) => !tallies.has(sku));
  const notSeen = [...new Set(slots)].filter((sku) => !seenSkus.has(sku) && !tallies.has(sku));

  const shelf: ShelfCompliance = {
    index,
    facingsExpected: slots.length,
    facingsNotSeen: unseenSlots.size,
    facingsDetected: detections.length,
    facingsMatched: matchedAt.size,
    matchedWeight: alignment.matchedWeight / WEIGHT_UNIT,
    compliance: percentOf(alignment.matchedWeight, slots.length - unseenSlots.size),
    missing,
    notSeen,
    misplaced: toSkuFacings(misplaced),
    unexpected: toSkuFacings(unexpected),
    unidentified,
  };
  return { shelf, alignment, tallies, unseenSlots };
}

/** Map insertion order is left to right, so the list follows first appearance on the shelf. */
function toSkuFacings(counts: ReadonlyMap<string, number>): SkuFacings[] {
  return [...counts].map(([sku, facings]) => ({ sku, facings }));
}
