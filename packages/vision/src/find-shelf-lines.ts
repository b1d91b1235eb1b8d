import { horizontalEdgeProjections, type LumaPlane } from './internal/horizontal-edge-projection.js';

/** Settings of {@link findShelfLines}. */
export interface ShelfLineOptions {
  /** Luma step (to the row two below) that counts as an edge (0-255). @default 14 */
  readonly edgeStep: number;
  /** Net fraction of columns stepping one way for a row to be a shelf-edge row. @default 0.3 */
  readonly minCoverage: number;
  /** Most columns stepping the other way on a shelf-edge row (product artwork steps both ways). @default 0.1 */
  readonly maxOpposite: number;
  /** Shortest run of clean edge rows, as a fraction of the image height. @default 0.005 */
  readonly minRunFraction: number;
  /** Runs closer than this fraction of the height are one shelf line. @default 0.045 */
  readonly mergeFraction: number;
  /**
   * Every how many columns the projection samples (1 = every column). A shelf edge spans most of the width, so
   * sampling every 2nd or 3rd column still sees it, for a half or a third of the cost. @default 1
   */
  readonly columnStep: number;
  /** Widest gap in an edge, as a fraction of the width, bridged as JPEG noise. @default 0.005 */
  readonly maxGapFraction: number;
  /**
   * Slopes (dy/dx) to look along. A level row sees a tilted edge over only (edge rows / tilt) columns, so a shelf
   * photographed with the camera rolled by a degree falls below `minCoverage`; each row takes the slope it sees
   * the cleanest edge along. Line rows are then counted at the centre column. @default [0]
   */
  readonly slopes: readonly number[];
}

const DEFAULTS: ShelfLineOptions = {
  edgeStep: 14,
  minCoverage: 0.3,
  maxOpposite: 0.1,
  minRunFraction: 0.005,
  mergeFraction: 0.045,
  columnStep: 1,
  maxGapFraction: 0.005,
  slopes: [0],
};

/** A shelf line: the rows of a shelf edge, top to bottom. */
export interface ShelfLine {
  readonly top: number;
  readonly bottom: number;
}

/**
 * Finds shelf lines from horizontal-edge projections. A shelf edge is a CLEAN edge: many columns step the same
 * way and almost none the other way, over a few consecutive rows (the shelf strip and its shadow); product
 * artwork steps both ways and cancels out. Runs closer than `mergeFraction` of the height are one line.
 * Returned top to bottom.
 *
 * @throws RangeError (a bug) when `image` is not one byte per pixel (an RGB image) or `columnStep` is not a positive
 *   integer.
 * @example
 * const lines = findShelfLines(toLuma(image), { columnStep: 2 });
 */
export function findShelfLines(image: LumaPlane, options: Partial<ShelfLineOptions> = {}): ShelfLine[] {
  const o = { ...DEFAULTS, ...options };
  const { height } = image;
  const projections = horizontalEdgeProjections(image, o);
  const minRun = Math.max(2, Math.round(o.minRunFraction * height));
  const runs: { start: number; end: number }[] = [];
  let current: { start: number; end: number; sign: number } | undefined;
  const close = () => {
    if (current && current.end - current.start + 1 >= minRun) runs.push(current);
  };
  for (let y = 0; y < height; y++) {
    let sign = 0;
    let best = 0;
    for (const { up, down } of projections) {
      const u = up[y] as number;
      const d = down[y] as number;
      const here =
        u - d >= o.minCoverage && d <= o.maxOpposite
          ? 1
          : d - u >= o.minCoverage && u <= o.maxOpposite
            ? -1
            : 0;
      if (here !== 0 && (sign === 0 || Math.abs(u - d) > best)) {
        sign = here;
        best = Math.abs(u - d);
      }
    }
    if (sign !== 0 && current && current.sign === sign && y - current.end <= 1) {
      current.end = y;
      continue;
    }
    close();
    current = sign === 0 ? undefined : { start: y, end: y, sign };
  }
  close();
  const mergeGap = Math.max(2, Math.round(o.mergeFraction * height));
  const lines: ShelfLine[] = [];
  for (const r of runs) {
    const last = lines[lines.length - 1];
    if (last && r.start - last.bottom <= mergeGap)
      lines[lines.length - 1] = { top: last.top, bottom: r.end + 2 };
    else lines.push({ top: r.start, bottom: r.end + 2 });
  }
  return lines;
}
