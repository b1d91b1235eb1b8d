import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { claheTiled } from './clahe-tiled.js';
import type { RawImage } from './raw-image.js';
import { texturedImage } from './test-images.js';
import { toLuma } from './to-luma.js';

function grey(width: number, height: number, pixel: (x: number, y: number) => number): RawImage {
  const data = Buffer.alloc(width * height);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) data[y * width + x] = pixel(x, y);
  return { data, width, height, channels: 1 };
}

/** Deterministic noise in 0-255 (an integer hash), so the tests need no seeded generator. */
const noise = (x: number, y: number) => (Math.imul(x * 7919 + y * 104_729, 0x9e3779b1) >>> 24) & 255;

/** Output level of each input level of a single-tile image (undefined for levels the image lacks). */
function mappingOf(input: RawImage, output: RawImage): (number | undefined)[] {
  const mapping: (number | undefined)[] = new Array(256);
  for (let i = 0; i < input.data.length; i += 1) {
    const v = input.data[i] as number;
    const out = output.data[i] as number;
    assert.ok(mapping[v] === undefined || mapping[v] === out, `level ${v} maps to one level only`);
    mapping[v] = out;
  }
  return mapping;
}

test('keeps the size of the image and its one channel, also for sizes that are not a multiple of the tile', () => {
  const input = grey(101, 37, noise);
  const output = claheTiled(input, { tileSizePx: 16, maxSlope: 4 });
  assert.deepEqual(
    [output.width, output.height, output.channels, output.data.length],
    [101, 37, 1, 101 * 37],
  );
});

test('a flat image stays flat, nearly unchanged under the default clip limit', () => {
  const output = claheTiled(
    grey(64, 48, () => 128),
    { tileSizePx: 16, maxSlope: 4 },
  );
  const levels = new Set(output.data);
  assert.equal(levels.size, 1);
  const [level] = [...levels] as [number];
  assert.ok(Math.abs(level - 128) <= 4, `flat 128 became ${level}`);
});

test('maps the pixels of one tile monotonically: a brighter input never comes out darker', () => {
  const input = grey(48, 48, (x, y) => (noise(x, y) >> 2) + 100);
  const mapping = mappingOf(input, claheTiled(input, { tileSizePx: 64, maxSlope: 4 }));
  const outputs = mapping.filter((m): m is number => m !== undefined);
  for (let k = 1; k < outputs.length; k += 1) assert.ok((outputs[k] as number) >= (outputs[k - 1] as number));
  assert.ok(
    (outputs.at(-1) as number) - (outputs[0] as number) > 150,
    'a narrow range of levels is stretched',
  );
});

test('stays monotone across tiles when the blended tiles share one mapping', () => {
  // Every 16x16 tile holds the same pattern, so every tile gets the same mapping and blending cannot reorder levels.
  const input = grey(96, 64, (x, y) => noise(x % 16, y % 16));
  const mapping = mappingOf(input, claheTiled(input, { tileSizePx: 16, maxSlope: 4 }));
  const outputs = mapping.filter((m): m is number => m !== undefined);
  for (let k = 1; k < outputs.length; k += 1) assert.ok((outputs[k] as number) >= (outputs[k - 1] as number));
});

test('respects the clip limit: no step of the mapping is steeper than maxSlope (+1 for the spread excess)', () => {
  // Every level once, then 90 % of the pixels on level 100: plain equalization would jump there.
  const width = 64;
  const height = 64;
  const input = grey(width, height, (x, y) => {
    const i = y * width + x;
    return i < 256 ? i : i % 10 === 0 ? noise(x, y) : 100;
  });
  for (const maxSlope of [2, 4]) {
    const mapping = mappingOf(input, claheTiled(input, { tileSizePx: 64, maxSlope })) as number[];
    const steepest = Math.max(...mapping.slice(1).map((m, v) => m - (mapping[v] as number)));
    assert.ok(steepest <= maxSlope + 1, `slope ${maxSlope}: steepest step ${steepest}`);
  }
  const unlimited = mappingOf(input, claheTiled(input, { tileSizePx: 64, maxSlope: 0 })) as number[];
  assert.ok(
    (unlimited[100] as number) - (unlimited[99] as number) > 100,
    'without a limit the peak takes a jump',
  );
});

test('gives the same output whatever image was equalized before (the tile mappings live in a reused buffer)', () => {
  const input = grey(120, 90, (x, y) => 60 + (noise(x, y) >> 2) + (x >> 1));
  const first = claheTiled(input, { tileSizePx: 10, maxSlope: 4 });
  // Another image with other levels and more tiles rewrites the reused mappings everywhere.
  claheTiled(
    grey(400, 300, (x, y) => noise(y, x)),
    { tileSizePx: 7, maxSlope: 2 },
  );
  assert.deepEqual(claheTiled(input, { tileSizePx: 10, maxSlope: 4 }).data, first.data);
});

test("is close to, not identical with, libvips' sliding-window CLAHE (sharp clahe, 16 px window) on the test images", async () => {
  for (const seed of [1, 2]) {
    const luma = toLuma(texturedImage(640, 360, seed));
    const reference = await sharp(luma.data, { raw: { width: luma.width, height: luma.height, channels: 1 } })
      .clahe({ width: 16, height: 16, maxSlope: 4 })
      .toColourspace('b-w')
      .raw()
      .toBuffer();
    const output = claheTiled(luma, { tileSizePx: 12, maxSlope: 4 });
    let absolute = 0;
    let signed = 0;
    for (let i = 0; i < reference.length; i += 1) {
      const d = (output.data[i] as number) - (reference[i] as number);
      absolute += Math.abs(d);
      signed += d;
    }
    const meanAbs = absolute / reference.length;
    const bias = signed / reference.length;
    assert.ok(
      meanAbs > 0.5 && meanAbs < 8,
      `seed ${seed}: mean |difference| ${meanAbs.toFixed(2)} grey levels`,
    );
    assert.ok(Math.abs(bias) < 3, `seed ${seed}: mean difference ${bias.toFixed(2)}`);
  }
});
