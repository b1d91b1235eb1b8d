import type { Detection } from '../detection.js';

/** A detection with its box normalised (x1 <= x2, y1 <= y2) and its centre precomputed. */
export interface PlacedDetection extends Detection {
  readonly cx: number;
  readonly cy: number;
}

/**
 * Normalises a detection's box, or returns undefined when a coordinate is not a finite number
 * (such a box cannot be placed on a shelf and is counted as ignored).
 */
export function toPlacedDetection(d: Detection): PlacedDetection | undefined {
  if (![d.x1, d.y1, d.x2, d.y2].every(Number.isFinite)) return undefined;
  const x1 = Math.min(d.x1, d.x2);
  const x2 = Math.max(d.x1, d.x2);
  const y1 = Math.min(d.y1, d.y2);
  const y2 = Math.max(d.y1, d.y2);
  return { x1, y1, x2, y2, sku: d.sku, score: d.score, cx: (x1 + x2) / 2, cy: (y1 + y2) / 2 };
}
