import { scratch } from './internal/scratch.js';
import { assertRawImage, outputBuffer, type RawImage, uint8View } from './raw-image.js';

/** Options of {@link claheTiled}. */
export interface TiledClaheOptions {
  /**
   * Side of one tile (px). The image is cut into round(width / tileSizePx) x round(height / tileSizePx) tiles of
   * (nearly) this size; each pixel blends the mappings of the four tiles whose centres surround it, so the
   * neighbourhood that shapes a pixel is about two tiles wide.
   */
  readonly tileSizePx: number;
  /**
   * Largest slope of a tile's mapping (output grey levels per input grey level); 0 = unlimited (plain adaptive
   * equalization). A tile's histogram is clipped at `maxSlope * tilePixels / 256` and the excess is spread evenly
   * over the 256 bins, as in OpenCV's `clipLimit` and libvips' `max_slope` for a 256-pixel window.
   */
  readonly maxSlope: number;
  /**
   * Where to write the result: a buffer of the image's size, which may be `grey.data` itself (each output pixel
   * depends on its own input pixel and the tile mappings only). @default a new buffer
   */
  readonly into?: Buffer;
}

/**
 * Contrast-limited adaptive histogram equalization of a grey image, in time linear in its pixels: one histogram
 * per tile, clipped and redistributed, turned into a cumulative mapping per tile, then each pixel mapped through
 * the bilinear blend of its four nearest tiles' mappings (Zuiderveld's CLAHE, as OpenCV's `createCLAHE`).
 *
 * libvips' `hist_local` (sharp's `clahe`) instead builds a histogram for a window around every pixel, so its cost
 * grows with the window's area; this is its tiled equivalent and gives close, not identical, output.
 */
export function claheTiled(grey: RawImage, options: TiledClaheOptions): RawImage {
  assertRawImage(grey);
  if (grey.channels !== 1) throw new Error('claheTiled needs a grey image (1 channel)');
  const { width, height } = grey;
  const src = uint8View(grey.data);
  const data = outputBuffer(options.into, src.length);
  if (src.length === 0) return { data, width, height, channels: 1 };
  const out = uint8View(data);
  const tile = Math.max(1, options.tileSizePx);
  const cols = cutAxis(width, Math.max(1, Math.round(width / tile)), 256);
  const rows = cutAxis(height, Math.max(1, Math.round(height / tile)), cols.count * 256);
  const luts = tileMappings(src, width, cols, rows, options.maxSlope);
  equalize(src, out, width, luts, cols.blend, rows.blend);
  return { data, width, height, channels: 1 };
}

// Each pixel loop is a function of its own, with as few arrays as can be: V8 optimizes a small function whole and
// keeps it, and reloads every array's bounds after each store to another one.

/** Maps every pixel through the bilinear blend of its four nearest tiles' mappings. */
function equalize(
  src: Uint8Array,
  out: Uint8Array,
  width: number,
  luts: Uint8Array,
  cols: Int32Array,
  rows: Int32Array,
): void {
  const height = src.length / width;
  for (let y = 0, r = 0; y < height; y += 1, r += 3) {
    const top = rows[r] as number;
    const bottom = rows[r + 1] as number;
    const wy = rows[r + 2] as number;
    for (let x = 0, c = 0, i = y * width; x < width; x += 1, c += 3, i += 1) {
      const v = src[i] as number;
      const left = (cols[c] as number) + v;
      const right = (cols[c + 1] as number) + v;
      const wx = cols[c + 2] as number;
      const upper = (luts[top + left] as number) * (256 - wx) + (luts[top + right] as number) * wx;
      const lower = (luts[bottom + left] as number) * (256 - wx) + (luts[bottom + right] as number) * wx;
      // Weights are 8-bit fixed point, so the blend is 16-bit; +32768 rounds it.
      out[i] = (upper * (256 - wy) + lower * wy + 32768) >>> 16;
    }
  }
}

/** How one axis is cut into tiles and where each pixel falls between two tile centres. */
interface TileAxis {
  readonly count: number;
  /** Pixels in each tile along this axis, in order: the first sizes[0] pixels are in tile 0, and so on. */
  readonly sizes: Int32Array;
  /**
   * Per pixel, three numbers: the offsets (tile index x stride) of the two tile centres it lies between (the same
   * tile beyond the first and last centres), then the weight of the second one, 0-256.
   */
  readonly blend: Int32Array;
}

function cutAxis(length: number, count: number, stride: number): TileAxis {
  const size = length / count;
  const sizes = new Int32Array(count);
  const blend = new Int32Array(3 * length);
  for (let p = 0; p < length; p += 1) {
    // A pixel's own tile; its two blend tiles below are that one and a neighbour.
    const own = Math.min(count - 1, Math.floor(p / size));
    sizes[own] = (sizes[own] as number) + 1;
    // Position in tile units from the first tile's centre.
    const t = (p + 0.5) / size - 0.5;
    const first = Math.floor(t);
    const inside = first >= 0 && first + 1 < count;
    blend[3 * p] = Math.max(0, Math.min(count - 1, first)) * stride;
    blend[3 * p + 1] = Math.max(0, Math.min(count - 1, first + 1)) * stride;
    blend[3 * p + 2] = inside ? Math.round((t - first) * 256) : 0;
  }
  return { count, sizes, blend };
}

/**
 * One 256-entry mapping per tile, row-major over the tiles: histogram, clip and spread the excess, cumulate. The
 * histograms are built one row of tiles at a time (two rows held), so they stay small enough for the cache.
 *
 * A mapping is only read at the grey levels of the pixels that blend it, which all lie in its tile or the eight
 * around it: each mapping is written over the range of levels of those nine tiles only, and its histogram summed over
 * its own tile's range. On shelf photos that is well under half the 256 levels, and the mappings cost about half.
 */
function tileMappings(
  src: Uint8Array,
  width: number,
  cols: TileAxis,
  rows: TileAxis,
  maxSlope: number,
): Uint8Array {
  const tiles = rows.count * cols.count;
  // Entries outside a tile's neighbourhood range are left as they were: never read (see above).
  const luts = uint8View(scratch('clahe-mappings', tiles * 256));
  const lows = new Int32Array(tiles);
  const highs = new Int32Array(tiles);
  let current = new Int32Array(cols.count * 256);
  let next = new Int32Array(cols.count * 256);
  bandHistograms(src, width, 0, rows.sizes[0] as number, cols, current, lows, highs, 0);
  for (let r = 0, y = 0; r < rows.count; r += 1) {
    const tileHeight = rows.sizes[r] as number;
    y += tileHeight;
    if (r + 1 < rows.count) {
      const nextHeight = rows.sizes[r + 1] as number;
      bandHistograms(src, width, y, y + nextHeight, cols, next, lows, highs, (r + 1) * cols.count);
    }
    for (let c = 0; c < cols.count; c += 1) {
      const t = r * cols.count + c;
      let low = 255;
      let high = 0;
      for (let nr = Math.max(0, r - 1); nr <= Math.min(rows.count - 1, r + 1); nr += 1) {
        for (let nc = Math.max(0, c - 1); nc <= Math.min(cols.count - 1, c + 1); nc += 1) {
          low = Math.min(low, lows[nr * cols.count + nc] as number);
          high = Math.max(high, highs[nr * cols.count + nc] as number);
        }
      }
      const tile = {
        area: tileHeight * (cols.sizes[c] as number),
        low: lows[t] as number,
        high: highs[t] as number,
      };
      mapTile(current, c << 8, tile, maxSlope, low, high, luts, t << 8);
    }
    [current, next] = [next, current];
  }
  return luts;
}

/**
 * The histograms of one row of tiles (image rows `fromRow` to `toRow`), one 256-bin block per tile, and the lowest
 * and highest level in each tile (at `firstTile` + column in `lows` and `highs`).
 */
function bandHistograms(
  src: Uint8Array,
  width: number,
  fromRow: number,
  toRow: number,
  cols: TileAxis,
  histograms: Int32Array,
  lows: Int32Array,
  highs: Int32Array,
  firstTile: number,
): void {
  histograms.fill(0);
  lows.fill(255, firstTile, firstTile + cols.count);
  highs.fill(0, firstTile, firstTile + cols.count);
  for (let y = fromRow; y < toRow; y += 1) {
    for (let c = 0, x = 0, i = y * width; c < cols.count; c += 1) {
      const end = x + (cols.sizes[c] as number);
      const base = c << 8;
      let low = lows[firstTile + c] as number;
      let high = highs[firstTile + c] as number;
      for (; x < end; x += 1, i += 1) {
        const v = src[i] as number;
        histograms[base + v] = (histograms[base + v] as number) + 1;
        low = Math.min(low, v);
        high = Math.max(high, v);
      }
      lows[firstTile + c] = low;
      highs[firstTile + c] = high;
    }
  }
}

/**
 * Writes one tile's mapping over the levels `from` to `to` (a range holding the tile's own `low` to `high`): its
 * histogram clipped at the slope limit, the excess spread evenly over the 256 levels, cumulated.
 */
function mapTile(
  histograms: Int32Array,
  at: number,
  tile: { readonly area: number; readonly low: number; readonly high: number },
  maxSlope: number,
  from: number,
  to: number,
  luts: Uint8Array,
  out: number,
): void {
  const { area } = tile;
  const clip = maxSlope > 0 ? (maxSlope * area) / 256 : area;
  let excess = 0;
  for (let v = at + tile.low; v <= at + tile.high; v += 1) {
    const count = histograms[v] as number;
    if (count > clip) excess += count - clip;
  }
  const spread = excess / 256;
  const scale = 255 / area;
  // Floored as libvips does (the Uint8Array store truncates); the epsilon keeps the top level at 255 whatever the
  // rounding in the sum. No pixel of the tile lies below `from`: the levels there hold the spread excess only.
  let sum = 1e-7 * area + from * spread;
  for (let v = from; v <= to; v += 1) {
    const count = histograms[at + v] as number;
    sum += Math.min(count, clip) + spread;
    luts[out + v] = sum * scale;
  }
}
