import type { BrandShare } from '../compliance-result.js';

/**
 * Share of shelf per brand: `facings of the brand / all detected facings`, by count (not
 * confidence-weighted). A detection's brand comes from `brandOf(sku)`; detections without SKU or
 * with no known brand are gathered under `brand: null`. Sorted by facings, largest first, then by
 * brand name, `null` last. Empty when nothing was detected.
 */
export function shareOfShelf(
  skus: readonly (string | null)[],
  brandOf: (sku: string) => string | undefined,
): BrandShare[] {
  const counts = new Map<string | null, number>();
  for (const sku of skus) {
    const brand = sku === null ? null : (brandOf(sku) ?? null);
    counts.set(brand, (counts.get(brand) ?? 0) + 1);
  }
  const total = skus.length;
  return [...counts]
    .map(([brand, facings]) => ({ brand, facings, share: facings / total }))
    .sort((a, b) => b.facings - a.facings || compareBrand(a.brand, b.brand));
}

function compareBrand(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
