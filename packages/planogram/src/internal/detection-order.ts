import type { PlacedDetection } from './placed-detection.js';

/**
 * Total order on placed detections: left to right by x centre, then by every other field, so that
 * the order (and so every result) never depends on the order the detections arrived in.
 */
export function compareLeftToRight(a: PlacedDetection, b: PlacedDetection): number {
  return (
    a.cx - b.cx ||
    a.cy - b.cy ||
    a.x1 - b.x1 ||
    a.y1 - b.y1 ||
    a.x2 - b.x2 ||
    a.y2 - b.y2 ||
    compareSku(a.sku, b.sku) ||
    compareScore(a.score, b.score)
  );
}

/**
 * Total order on placed detections top to bottom by y centre, ties broken like
 * {@link compareLeftToRight}.
 */
export function compareTopToBottom(a: PlacedDetection, b: PlacedDetection): number {
  return a.cy - b.cy || compareLeftToRight(a, b);
}

function compareSku(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function compareScore(a: number, b: number): number {
  // NaN sorts first and equal to itself, so the comparator stays a total order.
  const x = Number.isNaN(a) ? Number.NEGATIVE_INFINITY : a;
  const y = Number.isNaN(b) ? Number.NEGATIVE_INFINITY : b;
  return x === y ? 0 : x < y ? -1 : 1;
}
