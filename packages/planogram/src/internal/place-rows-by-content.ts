import { alignShelf } from '../align-shelf.js';
import type { PlacedDetection } from './placed-detection.js';

/**
 * With fewer rows of products than planned shelves, `groupIntoShelves` places the rows by image bands, which assumes
 * the fixture fills the frame; a photo that cuts off a shelf (held too close) or shows a fixture with margins breaks
 * that, and a row scored against the wrong shelf turns its products into misplaced ones. With SKU identity the
 * content can tell: of the given placement and every placement of the rows on consecutive shelves, keep the one
 * whose shelves align best with the planogram (most matched weight); a tie keeps the given placement.
 */
export function placeRowsByContent(
  grouped: readonly PlacedDetection[][],
  planned: readonly (readonly string[])[],
  weightsOf: (shelf: readonly PlacedDetection[]) => number[],
): PlacedDetection[][] {
  const rows = grouped.filter((shelf) => shelf.length > 0);
  if (rows.length === 0 || rows.length === grouped.length) return [...grouped];
  const matched = (placement: readonly PlacedDetection[][]) =>
    placement.reduce(
      (sum, shelf, s) =>
        shelf.length === 0
          ? sum
          : sum +
            alignShelf(
              planned[s] ?? [],
              shelf.map((d) => d.sku),
              weightsOf(shelf),
            ).matchedWeight,
      0,
    );
  let best = [...grouped];
  let bestWeight = matched(best);
  for (let offset = 0; offset + rows.length <= grouped.length; offset++) {
    const placement = grouped.map((_, s) =>
      s >= offset && s < offset + rows.length ? rows[s - offset]! : [],
    );
    const weight = matched(placement);
    if (weight > bestWeight) {
      best = placement;
      bestWeight = weight;
    }
  }
  return best;
}
