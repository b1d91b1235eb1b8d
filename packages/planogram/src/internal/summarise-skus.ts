import type { SkuCompliance } from '../compliance-result.js';
import type { Planogram } from '../planogram.js';
import { expandFacings } from './expand-facings.js';
import type { ShelfScoredBySku } from './score-shelf-by-sku.js';

/**
 * The per-SKU report of a capture scored with SKU identity: planogram SKUs in order of first
 * appearance (top shelf first, left to right), then unexpected SKUs in code-unit order. A planned SKU
 * not found is out of stock when some slot of it is in view, not seen when all are outside the photo.
 */
export function summariseSkus(planogram: Planogram, shelves: readonly ShelfScoredBySku[]): SkuCompliance[] {
  const expected = new Map<string, number>();
  const unseen = new Map<string, number>();
  const plannedOn = new Map<string, Set<number>>();
  planogram.shelves.forEach((planned, s) => {
    expandFacings(planned).forEach((sku, slot) => {
      expected.set(sku, (expected.get(sku) ?? 0) + 1);
      if (shelves[s]?.unseenSlots.has(slot)) unseen.set(sku, (unseen.get(sku) ?? 0) + 1);
      const on = plannedOn.get(sku) ?? new Set<number>();
      on.add(s);
      plannedOn.set(sku, on);
    });
  });
  const detectedOnly = new Set<string>();
  for (const { tallies } of shelves)
    for (const sku of tallies.keys()) if (!expected.has(sku)) detectedOnly.add(sku);
  const order = [...expected.keys(), ...[...detectedOnly].sort()];

  return order.map((sku): SkuCompliance => {
    let found = 0;
    let matched = 0;
    const missingOnShelves: number[] = [];
    const misplacedOnShelves: number[] = [];
    shelves.forEach(({ shelf, tallies }, s) => {
      const tally = tallies.get(sku);
      found += tally?.found ?? 0;
      matched += tally?.matched ?? 0;
      if (shelf.missing.includes(sku)) missingOnShelves.push(s);
      if (shelf.misplaced.some((m) => m.sku === sku)) misplacedOnShelves.push(s);
    });
    const facingsExpected = expected.get(sku) ?? 0;
    const facingsNotSeen = unseen.get(sku) ?? 0;
    const planned = facingsExpected > 0;
    const facingsMisplaced = planned ? found - matched : 0;
    const inView = facingsNotSeen < facingsExpected;
    return {
      sku,
      facingsExpected,
      facingsNotSeen,
      facingsFound: found,
      facingsMatched: matched,
      facingsMisplaced,
      outOfStock: planned && found === 0 && inView,
      notSeen: planned && found === 0 && !inView,
      misplaced: facingsMisplaced > 0,
      unexpected: !planned,
      missingOnShelves,
      misplacedOnShelves,
    };
  });
}
