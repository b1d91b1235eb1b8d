import type { Detection } from './detection.js';
import { assignRowsByBands, assignRowsByGaps } from './internal/assign-rows-to-shelves.js';
import { compareLeftToRight, compareTopToBottom } from './internal/detection-order.js';
import { median } from './internal/median.js';
import { type PlacedDetection, toPlacedDetection } from './internal/placed-detection.js';

/**
 * Two consecutive box centres (sorted top to bottom) further apart than this many median box
 * heights start a new row. Only used to count rows; the shelf split itself uses the largest gaps.
 */
export const ROW_BREAK_RATIO = 0.5;

/** Prior shelf pitch, in median box heights (products fill about 80 % of a shelf's height). */
export const PITCH_PER_BOX_HEIGHT = 1.25;

/** Options of {@link groupIntoShelves}. */
export interface ShelfGroupingOptions {
  /** Height of the image the boxes were found in, in pixels; improves placing empty shelves. */
  readonly imageHeight?: number;
}

/**
 * Groups detections into exactly `shelfCount` shelves (index 0 = top) by 1D clustering of box
 * vertical centres, each shelf ordered left to right. Detections whose box has a non-finite
 * coordinate are dropped (the caller counts them). The result never depends on input order.
 *
 * 1. Sort centres; count rows: a gap above `ROW_BREAK_RATIO` x median box height starts a row.
 * 2. At least `shelfCount` rows: split the sorted centres at the `shelfCount - 1` largest gaps
 *    (equal gaps: the upper one first).
 * 3. Fewer rows: some shelves are empty. Place the rows on shelves in order, by band distance when
 *    `imageHeight` is given, else by gap/pitch fit with pitch =
 *    `min(smallest row gap, PITCH_PER_BOX_HEIGHT x median box height)` and leftover empty shelves
 *    at the bottom.
 */
export function groupIntoShelves(
  detections: readonly Detection[],
  shelfCount: number,
  options: ShelfGroupingOptions = {},
): PlacedDetection[][] {
  if (!Number.isInteger(shelfCount) || shelfCount < 1) {
    throw new RangeError(`shelfCount must be a positive integer, got ${shelfCount}`);
  }
  const shelves: PlacedDetection[][] = Array.from({ length: shelfCount }, () => []);
  const sorted = detections
    .map(toPlacedDetection)
    .filter((d): d is PlacedDetection => d !== undefined)
    .sort(compareTopToBottom);
  if (sorted.length === 0) return shelves;

  const gaps = sorted.slice(1).map((d, i) => d.cy - sorted[i]!.cy);
  const medianHeight = median(sorted.map((d) => d.y2 - d.y1));
  const rowBreaks = gaps.flatMap((g, i) => (g > ROW_BREAK_RATIO * medianHeight ? [i] : []));

  if (rowBreaks.length + 1 >= shelfCount) {
    const cuts = gaps
      .map((g, i) => ({ g, i }))
      .sort((a, b) => b.g - a.g || a.i - b.i)
      .slice(0, shelfCount - 1)
      .map((c) => c.i)
      .sort((a, b) => a - b);
    slice(sorted, cuts).forEach((group, s) => {
      shelves[s] = group;
    });
  } else {
    const rows = slice(sorted, rowBreaks);
    const centres = rows.map((row) => row.reduce((sum, d) => sum + d.cy, 0) / row.length);
    const slots =
      options.imageHeight !== undefined && options.imageHeight > 0
        ? assignRowsByBands(centres, shelfCount, options.imageHeight)
        : assignRowsByGaps(centres, shelfCount, rowPitch(centres, medianHeight));
    rows.forEach((row, i) => {
      shelves[slots[i]!] = row;
    });
  }
  for (const shelf of shelves) shelf.sort(compareLeftToRight);
  return shelves;
}

function rowPitch(centres: readonly number[], medianHeight: number): number {
  let pitch = PITCH_PER_BOX_HEIGHT * medianHeight;
  for (let i = 1; i < centres.length; i++) pitch = Math.min(pitch, centres[i]! - centres[i - 1]!);
  return pitch;
}

/** Splits `items` after each index in ascending `cuts`. */
function slice<T>(items: readonly T[], cuts: readonly number[]): T[][] {
  const groups: T[][] = [];
  let start = 0;
  for (const cut of cuts) {
    groups.push(items.slice(start, cut + 1));
    start = cut + 1;
  }
  groups.push(items.slice(start));
  return groups;
}
