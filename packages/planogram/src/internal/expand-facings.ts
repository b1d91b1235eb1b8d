import type { PlannedShelf } from '../planogram.js';

/** A shelf's planned slot sequence, left to right: each SKU repeated `facings` times. */
export function expandFacings(shelf: PlannedShelf): string[] {
  return shelf.facings.flatMap((run) => Array.from({ length: run.facings }, () => run.sku));
}
