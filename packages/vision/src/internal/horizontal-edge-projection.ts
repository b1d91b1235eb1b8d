import { scratch } from './scratch.js';

/** An 8-bit luma plane, row-major, no row padding: vision's grey `RawImage` or the heuristic tier's grey image. */
export interface LumaPlane {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Sampling of {@link horizontalEdgeProjections}. */
export interface ProjectionSampling {
  /** Luma step (to the pixel two rows below) that counts as an edge (0-255). */
  readonly edgeStep: number;
  /** Read every k-th column; each hit stands for k columns. */
  readonly columnStep: number;
  /** Widest gap in an edge (a fraction of the width) bridged as noise. */
  readonly maxGapFraction: number;
  /** Slopes (dy/dx) of the lines to project along; line y passes through row y at the centre column. */
  readonly slopes: readonly number[];
}

/** Per line y, the longest stretch of edge columns stepping up and stepping down, as fractions of the width. */
export interface EdgeProjection {
  readonly up: Float32Array;
  readonly down: Float32Array;
}

/**
 * One sign's edge hits of every (block, row), five numbers at (block x rows + row) x 5: the first hit, where the
 * chain starting at it ends, the last hit, where the chain ending at it starts, and the longest chain inside the
 * block (first = -1: no hit). A chain is a run of hits no more than `maxGap` apart. Interleaved, so one (block,
 * row) is one cache line.
 */
type BlockChains = Int32Array;
const FIRST = 0;
const FIRST_END = 1;
const LAST = 2;
const LAST_START = 3;
const BEST = 4;
const FIELDS = 5;

/** The chains of `n` (block, row)s, none hit yet, in a reused buffer: valid until the caller returns. */
function blockChains(slot: 'edge-chains-up' | 'edge-chains-down', n: number): BlockChains {
  const buffer = scratch(slot, n * FIELDS * 4);
  // A scratch buffer starts its own ArrayBuffer, so the offset is 0 and 4-byte aligned.
  const chains = new Int32Array(buffer.buffer, buffer.byteOffset, n * FIELDS);
  for (let i = 0; i < chains.length; i += FIELDS) chains[i + FIRST] = -1;
  return chains;
}

/**
 * Per line, the longest stretch (as a fraction of the width) of columns whose luma steps up / down by `edgeStep`
 * to the pixel two rows below, bridging gaps of up to `maxGapFraction` of the width (JPEG noise). Shelf edges run
 * across the whole fixture; product tops and bottoms break at every gap between products. One projection per
 * slope: a level row sees an edge tilted by t over only (edge rows / t) columns, a line of the edge's slope sees
 * all of it.
 *
 * One pass over the pixels for every slope and both signs: the columns are cut into blocks narrow enough that the
 * steepest slope drifts by at most a row across one, the chains of hits are summarised per (block, row), and each
 * sloped line joins the summaries of its blocks, block b at row y + slope x (b's centre - the image centre). With
 * slope 0 that is exactly the per-row scan; a line leaving the image misses there.
 *
 * @throws RangeError (a bug) when `data` is not `width x height` bytes (an RGB image) or `columnStep` is not a
 *   positive integer.
 */
export function horizontalEdgeProjections(image: LumaPlane, sampling: ProjectionSampling): EdgeProjection[] {
  const { data, width, height } = image;
  const step = sampling.columnStep;
  if (data.length !== width * height)
    throw new RangeError(`luma plane ${width}x${height} needs ${width * height} bytes, has ${data.length}`);
  if (!Number.isInteger(step) || step < 1)
    throw new RangeError(`columnStep must be a positive integer, got ${step}`);
  // At least one step, or sampling alone would break every run.
  const maxGap = Math.max(step, Math.round(width * sampling.maxGapFraction));
  const steepest = Math.max(0, ...sampling.slopes.map(Math.abs));
  const blockWidth = steepest > 0 ? Math.max(step, Math.round(1 / steepest / step) * step) : width;
  const blocks = Math.ceil(width / blockWidth);
  const rows = Math.max(0, height - 2);
  const up = blockChains('edge-chains-up', rows * blocks);
  const down = blockChains('edge-chains-down', rows * blocks);
  summariseBlocks(data, width, rows, step, blockWidth, maxGap, sampling.edgeStep, up, down);
  const join = { rows, maxGap, step, width, height };
  return sampling.slopes.map((slope) => {
    const shift = new Int32Array(blocks);
    for (let b = 0; b < blocks; b++) {
      const centre = (b * blockWidth + Math.min(width, (b + 1) * blockWidth)) / 2;
      shift[b] = Math.round(slope * (centre - width / 2));
    }
    return { up: joinBlocks(up, shift, join), down: joinBlocks(down, shift, join) };
  });
}

/** Chain-building state of one sign inside one block. */
class ChainBuilder {
  first = -1;
  firstEnd = -1;
  start = -1;
  last = -1;
  best = 0;

  reset(): void {
    this.first = -1;
    this.firstEnd = -1;
    this.start = -1;
    this.last = -1;
    this.best = 0;
  }

  hit(x: number, maxGap: number, step: number): void {
    if (this.first < 0) {
      this.first = x;
      this.start = x;
    } else if (x - this.last > maxGap) {
      if (this.firstEnd < 0) this.firstEnd = this.last;
      this.start = x;
    }
    this.last = x;
    if (x - this.start + step > this.best) this.best = x - this.start + step;
  }

  store(out: BlockChains, i: number): void {
    if (this.first < 0) return;
    const at = i * FIELDS;
    out[at + FIRST] = this.first;
    out[at + FIRST_END] = this.firstEnd < 0 ? this.last : this.firstEnd;
    out[at + LAST] = this.last;
    out[at + LAST_START] = this.start;
    out[at + BEST] = this.best;
  }
}

/** The chains of both signs' hits per (block, row), in one pass over the pixels. */
function summariseBlocks(
  data: Uint8Array,
  width: number,
  rows: number,
  step: number,
  blockWidth: number,
  maxGap: number,
  edgeStep: number,
  up: BlockChains,
  down: BlockChains,
): void {
  const u = new ChainBuilder();
  const d = new ChainBuilder();
  for (let y = 0; y < rows; y++) {
    const row = y * width;
    const below = row + 2 * width;
    for (let b = 0, x0 = 0; x0 < width; b++, x0 += blockWidth) {
      u.reset();
      d.reset();
      const end = Math.min(width, x0 + blockWidth);
      for (let x = x0; x < end; x += step) {
        // Two rows apart: JPEG and resampling spread a sharp edge over two rows.
        const diff = (data[below + x] as number) - (data[row + x] as number);
        // Two independent tests, not else-if: an edgeStep of 0 counts a flat column both ways, as it always did.
        if (diff >= edgeStep) u.hit(x, maxGap, step);
        if (-diff >= edgeStep) d.hit(x, maxGap, step);
      }
      u.store(up, b * rows + y);
      d.store(down, b * rows + y);
    }
  }
}

/**
 * Per line, the longest chain along the blocks taken at their shifted rows, as a fraction of the width. Block by
 * block over all lines at once, so each block's summaries are read in memory order.
 */
function joinBlocks(
  chains: BlockChains,
  shift: Int32Array,
  o: { rows: number; maxGap: number; step: number; width: number; height: number },
): Float32Array {
  const { rows, maxGap, step, width } = o;
  const best = new Int32Array(rows);
  const start = new Int32Array(rows).fill(-1);
  const last = new Int32Array(rows);
  for (let b = 0; b < shift.length; b++) {
    const s = shift[b] as number;
    const base = b * rows + s;
    for (let y = Math.max(0, -s), yEnd = Math.min(rows, rows - s); y < yEnd; y++) {
      const at = (base + y) * FIELDS;
      const first = chains[at + FIRST] as number;
      if (first < 0) continue;
      const blockLast = chains[at + LAST] as number;
      let from = chains[at + LAST_START] as number;
      let top = best[y] as number;
      const open = start[y] as number;
      if (open >= 0 && first - (last[y] as number) <= maxGap) {
        // The open chain runs on into this block; it ends here unless the block is one chain.
        const firstEnd = chains[at + FIRST_END] as number;
        if (firstEnd === blockLast) from = open;
        else if (firstEnd - open + step > top) top = firstEnd - open + step;
      }
      const inner = chains[at + BEST] as number;
      if (inner > top) top = inner;
      if (blockLast - from + step > top) top = blockLast - from + step;
      start[y] = from;
      last[y] = blockLast;
      best[y] = top;
    }
  }
  const out = new Float32Array(o.height);
  for (let y = 0; y < rows; y++) out[y] = Math.min(best[y] as number, width) / width;
  return out;
}
