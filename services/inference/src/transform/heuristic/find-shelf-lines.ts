import type { GreyImage } from './grey-image.js';

/** Settings of {@link findShelfLines}. */
export interface ShelfLineOptions {
  /** Luma step (to the row two below) that counts as an edge (0-255). @default 14 */
  readonly edgeStep: number;
  /** Net fraction of columns stepping one way for a row to be a shelf-edge row. @default 0.2 */
  readonly minCoverage: number;
  /** Most columns stepping the other way on a shelf-edge row (product artwork steps both ways). @default 0.1 */
  readonly maxOpposite: number;
  /** Shortest run of clean edge rows, as a fraction of the image height. @default 0.005 */
  readonly minRunFraction: number;
  /** Runs closer than this fraction of the height are one shelf line. @default 0.045 */
  readonly mergeFraction: number;
}

const DEFAULTS: ShelfLineOptions = {
  edgeStep: 14,
  minCoverage: 0.3,
  maxOpposite: 0.1,
  minRunFraction: 0.005,
  mergeFraction: 0.045,
};

/** A shelf line: the rows of a shelf edge, top to bottom. */
export interface ShelfLine {
  readonly top: number;
  readonly bottom: number;
}

/**
 * Per row, the longest stretch (as a fraction of the width) of columns whose luma steps up / down by `edgeStep`
 * to the row two below, bridging gaps of up to 0.5 % of the width (JPEG noise). Shelf edges run across the whole
 * fixture; product tops and bottoms break at every gap between products.
 */
export function horizontalEdgeProjection(
  image: GreyImage,
  edgeStep: number,
): { up: Float32Array; down: Float32Array } {
  const { data, width, height } = image;
  const up = new Float32Array(height);
  const down = new Float32Array(height);
  const maxGap = Math.max(1, Math.round(width * 0.005));
  for (let y = 0; y + 2 < height; y++) {
    const row = y * width;
    const below = (y + 2) * width;
    for (const sign of [1, -1]) {
      let best = 0;
      let start = -1;
      let lastHit = -1;
      for (let x = 0; x < width; x++) {
        // Two rows apart: JPEG and resampling spread a sharp edge over two rows.
        const diff = ((data[below + x] as number) - (data[row + x] as number)) * sign;
        if (diff < edgeStep) continue;
        if (start < 0 || x - lastHit > maxGap) start = x;
        lastHit = x;
        best = Math.max(best, lastHit - start + 1);
      }
      (sign > 0 ? up : down)[y] = best / width;
    }
  }
  return { up, down };
}

/**
 * Finds shelf lines from horizontal-edge projections. A shelf edge is a CLEAN edge: many columns step the same
 * way and almost none the other way, over a few consecutive rows (the shelf strip and its shadow); product
 * artwork steps both ways and cancels out. Runs closer than `mergeFraction` of the height are one line.
 * Returned top to bottom.
 */
export function findShelfLines(image: GreyImage, options: Partial<ShelfLineOptions> = {}): ShelfLine[] {
  const o = { ...DEFAULTS, ...options };
  const { height } = image;
  const { up, down } = horizontalEdgeProjection(image, o.edgeStep);
  const minRun = Math.max(2, Math.round(o.minRunFraction * height));
  const runs: { start: number; end: number }[] = [];
  let current: { start: number; end: number; sign: number } | undefined;
  const close = () => {
    if (current && current.end - current.start + 1 >= minRun) runs.push(current);
  };
  for (let y = 0; y < height; y++) {
    const u = up[y] as number;
    const d = down[y] as number;
    const sign =
      u - d >= o.minCoverage && d <= o.maxOpposite
        ? 1
        : d - u >= o.minCoverage && u <= o.maxOpposite
          ? -1
          : 0;
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
