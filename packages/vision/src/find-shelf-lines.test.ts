import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateScene } from '@shelfstream/synthetic-shelf';
import sharp from 'sharp';
import { findShelfLines } from './find-shelf-lines.js';
import { horizontalEdgeProjections, type LumaPlane } from './internal/horizontal-edge-projection.js';
import { texturedImage } from './test-images.js';
import { toLuma } from './to-luma.js';

function plane(width: number, height: number, pixel: (x: number, y: number) => number): LumaPlane {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = pixel(x, y);
  return { data, width, height };
}

/** Deterministic noise in 0-255 (an integer hash). */
const noise = (x: number, y: number) => (Math.imul(x * 7919 + y * 104_729, 0x9e3779b1) >>> 24) & 255;

/**
 * A grey back with light shelf strips (8 rows) and their shadows (3 rows) at `rows`, each from x0 to x1, tilted by
 * `tilt`; edges anti-aliased as a camera or a resize would leave them.
 */
function shelves(rows: readonly number[], tilt = 0, width = 640, height = 480, x0 = 20, x1 = 620): LumaPlane {
  const cover = (y: number, from: number, to: number) => Math.max(0, Math.min(y + 1, to) - Math.max(y, from));
  return plane(width, height, (x, y) => {
    if (x < x0 || x >= x1) return 110;
    let v = 110;
    for (const r of rows) {
      const top = r + tilt * (x - width / 2);
      v += 110 * cover(y, top, top + 8) - 62 * cover(y, top + 8, top + 11);
    }
    return Math.round(v);
  });
}

/**
 * The heuristic tier's scan before the move (services/inference find-shelf-lines.ts): two passes per row, one per
 * sign, every column, level rows. The reference the defaults must reproduce bit for bit.
 */
function originalProjection(image: LumaPlane, edgeStep: number): { up: Float32Array; down: Float32Array } {
  const { data, width, height } = image;
  const up = new Float32Array(height);
  const down = new Float32Array(height);
  const maxGap = Math.max(1, Math.round(width * 0.005));
  for (let y = 0; y + 2 < height; y++) {
    for (const sign of [1, -1]) {
      let best = 0;
      let start = -1;
      let lastHit = -1;
      for (let x = 0; x < width; x++) {
        const diff = ((data[(y + 2) * width + x] as number) - (data[y * width + x] as number)) * sign;
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

/** The scan along a sloped line with every column read one by one: column x at row y + its block's shift. */
function steppedLineProjection(
  image: LumaPlane,
  o: { edgeStep: number; columnStep: number; maxGapFraction: number; slopes: readonly number[] },
  slope: number,
): { up: Float32Array; down: Float32Array } {
  const { data, width, height } = image;
  const step = o.columnStep;
  const steepest = Math.max(...o.slopes.map(Math.abs));
  const blockWidth = steepest > 0 ? Math.max(step, Math.round(1 / steepest / step) * step) : width;
  const shiftAt = (x: number) => {
    const b = Math.floor(x / blockWidth);
    return Math.round(slope * ((b * blockWidth + Math.min(width, (b + 1) * blockWidth)) / 2 - width / 2));
  };
  const maxGap = Math.max(step, Math.round(width * o.maxGapFraction));
  const up = new Float32Array(height);
  const down = new Float32Array(height);
  for (let y = 0; y + 2 < height; y++) {
    for (const sign of [1, -1]) {
      let best = 0;
      let start = -1;
      let lastHit = -1;
      for (let x = 0; x < width; x += step) {
        const r = y + shiftAt(x);
        if (r < 0 || r + 2 >= height) continue;
        const diff = ((data[(r + 2) * width + x] as number) - (data[r * width + x] as number)) * sign;
        if (diff < o.edgeStep) continue;
        if (start < 0 || x - lastHit > maxGap) start = x;
        lastHit = x;
        best = Math.max(best, lastHit - start + step);
      }
      (sign > 0 ? up : down)[y] = Math.min(best, width) / width;
    }
  }
  return { up, down };
}

async function sceneLuma(seed: number): Promise<LumaPlane> {
  const scene = await generateScene(seed, { width: 640, height: 480 });
  const { data, info } = await sharp(scene.image).raw().toBuffer({ resolveWithObject: true });
  return toLuma({ data, width: info.width, height: info.height, channels: 3 });
}

describe('findShelfLines', () => {
  it('finds one line per drawn shelf strip, top to bottom', () => {
    const lines = findShelfLines(shelves([100, 220, 340]));
    assert.equal(lines.length, 3);
    assert.deepEqual(
      lines.map((l) => l.top < l.bottom),
      [true, true, true],
    );
    assert.ok((lines[0] as { top: number }).top >= 95 && (lines[2] as { bottom: number }).bottom <= 355);
  });

  it('with the defaults reproduces the heuristic tier scan it was moved from, projections and lines', async () => {
    const images: LumaPlane[] = [
      shelves([100, 220, 340]),
      plane(320, 240, noise),
      toLuma(texturedImage(480, 360, 3)),
      await sceneLuma(11),
      await sceneLuma(12),
    ];
    const defaults = { edgeStep: 14, columnStep: 1, maxGapFraction: 0.005, slopes: [0] };
    for (const image of images) {
      const expected = originalProjection(image, 14);
      const [actual] = horizontalEdgeProjections(image, defaults);
      assert.deepEqual(actual?.up, expected.up);
      assert.deepEqual(actual?.down, expected.down);
    }
  });

  it('joins its per-block summaries exactly as a column-by-column scan along the stepped line', () => {
    const textured = toLuma(texturedImage(400, 120, 5));
    const dotted = plane(400, 120, (x, y) => (noise(x, y) > 150 ? 200 : 60));
    for (const image of [textured, dotted]) {
      for (const columnStep of [1, 2, 3]) {
        for (const maxGapFraction of [0.005, 0.02]) {
          const o = { edgeStep: 14, columnStep, maxGapFraction, slopes: [-0.04, -0.01, 0, 0.025] };
          const projections = horizontalEdgeProjections(image, o);
          o.slopes.forEach((slope, i) => {
            const expected = steppedLineProjection(image, o, slope);
            assert.deepEqual(projections[i]?.up, expected.up, `slope ${slope} step ${columnStep}`);
            assert.deepEqual(projections[i]?.down, expected.down, `slope ${slope} step ${columnStep}`);
          });
        }
      }
    }
  });

  it('finds a tilted shelf along its slope that level rows miss', () => {
    const tilted = shelves([150, 320], 0.02);
    assert.equal(findShelfLines(tilted).length, 0);
    assert.equal(findShelfLines(tilted, { slopes: [-0.02, -0.01, 0, 0.01, 0.02] }).length, 2);
  });

  it('sampling every 2nd or 3rd column finds the same shelf lines', () => {
    const image = shelves([60, 170, 280, 390]);
    const all = findShelfLines(image);
    assert.equal(all.length, 4);
    for (const columnStep of [2, 3]) assert.deepEqual(findShelfLines(image, { columnStep }), all);
  });

  it('refuses an RGB plane and a column step that is not a positive integer (bugs)', () => {
    const rgb = texturedImage(64, 48);
    assert.throws(() => findShelfLines(rgb), RangeError);
    const grey = plane(64, 48, noise);
    for (const columnStep of [0, 1.5, -1])
      assert.throws(() => findShelfLines(grey, { columnStep }), RangeError);
  });
});
