import { findShelfLines, type ShelfLineOptions } from './find-shelf-lines.js';
import type { LumaPlane } from './internal/horizontal-edge-projection.js';

/**
 * The shelf-line settings of {@link countShelfLines}, calibrated on generated shelves (every fixture type, empty
 * fixtures too, with blur, lighting, glare and occlusion) against blank frames (plain colours, black, heavy blur,
 * gradients, vignette, noise, plaster and carpet textures) at long sides of 640-1280 px; see
 * count-shelf-lines.test.ts. They differ from {@link findShelfLines}' defaults, which the heuristic tier keeps:
 * - `minRunFraction` 0: two rows are enough. A sharp edge spans two rows of the two-rows-apart difference, and the
 *   default 0.5 % of the height asks for four at a 720-row working image, which misses most shelves there.
 * - `slopes` +-0.04 (about 2.3 degrees of camera roll) in steps of 0.01: a level row sees a shelf tilted by 1 % over
 *   only a few hundred pixels.
 * - `minCoverage` 0.15: freezer door frames cut a shelf edge into stretches of a quarter of the width. Every
 *   generated shelf shows a clean two-row edge of 0.5 of the width or more; blank frames reach 0.04 at 960 px (pure
 *   RGB noise 0.08 at 1280 px).
 * - `columnStep` 3: a third of the pixel reads, and with it the 0.5 % gap bridges one missed sample only, so noise
 *   does not chain up: reading every column lets pure noise reach 0.16-0.23, over the threshold.
 */
export const SHELF_CHECK_OPTIONS: Readonly<ShelfLineOptions> = Object.freeze({
  edgeStep: 14,
  minCoverage: 0.15,
  maxOpposite: 0.1,
  minRunFraction: 0,
  mergeFraction: 0.045,
  columnStep: 3,
  maxGapFraction: 0.005,
  slopes: Object.freeze([-0.04, -0.03, -0.02, -0.01, 0, 0.01, 0.02, 0.03, 0.04]),
});

/** {@link SHELF_CHECK_OPTIONS} along the level only: a ninth of the work. */
const LEVEL_OPTIONS: Readonly<ShelfLineOptions> = Object.freeze({
  ...SHELF_CHECK_OPTIONS,
  slopes: Object.freeze([0]),
});

/**
 * How many shelf lines a luma plane shows, with {@link SHELF_CHECK_OPTIONS}: 0 means no shelf in the frame (a plain
 * colour, a covered lens, a blurred or flat frame, a bare wall), where a score would be meaningless. An empty shelf
 * still shows its shelf edges. One-sided: any long clean horizontal edge counts as a line (a floor meeting a wall, a
 * skirting board, a fixture's frame), so 1 or more means "may hold a shelf", not "holds one". About 2 ms for a
 * 960 x 540 plane with a level line; a frame with none pays for the 9-slope search (about 3x that).
 *
 * @example
 * const unscorable = countShelfLines(toLuma(decoded.image)) === 0;
 */
export function countShelfLines(luma: LumaPlane): number {
  // Level first: a shelf photo almost always shows a level edge (a shelf, the fixture's top, the floor line), and
  // what callers decide is 0 or not. The tilted search (nine slopes) runs only to confirm a frame with none; the count
  // is then the level search's when it found any.
  const level = findShelfLines(luma, LEVEL_OPTIONS).length;
  if (level > 0) return level;
  return findShelfLines(luma, SHELF_CHECK_OPTIONS).length;
}
