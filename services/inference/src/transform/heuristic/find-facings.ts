import type { GreyImage } from './grey-image.js';

/** Settings of {@link findFacingEdges}. */
export interface FacingOptions {
  /** Luma step between neighbouring columns that counts as a vertical edge (0-255). @default 18 */
  readonly edgeStep: number;
  /** Fraction of the band's rows a column's edge must span to be a facing boundary. @default 0.3 */
  readonly minCoverage: number;
  /** Narrowest facing, as a fraction of the image width. @default 0.025 */
  readonly minFacingFraction: number;
  /** Least luma standard deviation of a segment for it to hold a product (an empty shelf is flat). @default 10 */
  readonly minSegmentStddev: number;
}

const DEFAULTS: FacingOptions = {
  edgeStep: 18,
  minCoverage: 0.3,
  minFacingFraction: 0.025,
  minSegmentStddev: 10,
};

/**
 * Finds facing boundaries in one shelf band (rows `top` to `bottom`) from vertical-edge projections: columns
 * where most rows of the band step sharply in luma (product sides, colour changes between packs). Boundaries
 * closer than the narrowest facing merge. Returns the x of each boundary of each kept facing, left to right
 * (facings + 1 values when there are facings; segments without texture, the empty back of the shelf, are dropped
 * together with their right boundary).
 */
export function findFacingEdges(
  image: GreyImage,
  top: number,
  bottom: number,
  options: Partial<FacingOptions> = {},
): { edges: number[]; facings: number } {
  const o = { ...DEFAULTS, ...options };
  const { data, width, chroma } = image;
  const rows = Math.max(1, bottom - top);
  const coverage = new Float32Array(width);
  for (let y = top; y < bottom; y++) {
    const row = y * width;
    // Two columns apart: JPEG's 4:2:0 chroma subsampling spreads a colour edge over two pixels.
    for (let x = 0; x + 2 < width; x++) {
      const luma = Math.abs((data[row + x + 2] as number) - (data[row + x] as number));
      const colour = chroma ? Math.abs((chroma[row + x + 2] as number) - (chroma[row + x] as number)) : 0;
      if (luma >= o.edgeStep || colour >= o.edgeStep) coverage[x] = (coverage[x] as number) + 1 / rows;
    }
  }
  const minGap = Math.max(2, Math.round(o.minFacingFraction * width));
  const boundaries: number[] = [];
  for (let x = 0; x < width; x++) {
    if ((coverage[x] as number) < o.minCoverage) continue;
    const last = boundaries[boundaries.length - 1];
    if (last !== undefined && x - last < minGap) {
      if ((coverage[x] as number) > (coverage[last] as number)) boundaries[boundaries.length - 1] = x;
      continue;
    }
    boundaries.push(x);
  }
  const edges: number[] = [];
  let facings = 0;
  for (let i = 0; i + 1 < boundaries.length; i++) {
    const x0 = boundaries[i] as number;
    const x1 = boundaries[i + 1] as number;
    if (segmentStddev(image, x0 + 1, x1, top, bottom) < o.minSegmentStddev) continue;
    if (edges[edges.length - 1] !== x0) edges.push(x0);
    edges.push(x1);
    facings++;
  }
  return { edges, facings };
}

function segmentStddev(image: GreyImage, x0: number, x1: number, top: number, bottom: number): number {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (let y = top; y < bottom; y++) {
    for (let x = x0; x < x1; x++) {
      const v = image.data[y * image.width + x] as number;
      n++;
      sum += v;
      sq += v * v;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return Math.sqrt(Math.max(0, sq / n - mean * mean));
}
