import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claheLuma } from './clahe-luma.js';
import type { RawImage } from './raw-image.js';
import { texturedImage } from './test-images.js';
import { toLuma } from './to-luma.js';

/** Mean over 16x16 windows of the luma standard deviation: local contrast. */
function localContrast(image: RawImage): number {
  const grey = toLuma(image);
  const size = 16;
  let total = 0;
  let windows = 0;
  for (let wy = 0; wy + size <= grey.height; wy += size) {
    for (let wx = 0; wx + size <= grey.width; wx += size) {
      let sum = 0;
      let sumSq = 0;
      for (let y = wy; y < wy + size; y += 1) {
        for (let x = wx; x < wx + size; x += 1) {
          const v = grey.data[y * grey.width + x] as number;
          sum += v;
          sumSq += v * v;
        }
      }
      const n = size * size;
      total += Math.sqrt(Math.max(0, sumSq / n - (sum / n) ** 2));
      windows += 1;
    }
  }
  return total / windows;
}

/** A dark, low-contrast version of the test image: values squeezed into 10..50. */
function darkLowContrast(): RawImage {
  const source = texturedImage(320, 240, 3);
  const data = Buffer.from(source.data.map((v) => 10 + Math.round((v / 255) * 40)));
  return { ...source, data };
}

test('CLAHE with the default tiles raises the local contrast of a dark, low-contrast image', () => {
  const dark = darkLowContrast();
  const normalized = claheLuma(dark);
  assert.equal(normalized.data.length, dark.data.length);
  const before = localContrast(dark);
  const after = localContrast(normalized);
  assert.ok(after > before * 1.5, `local contrast ${before.toFixed(2)} -> ${after.toFixed(2)}`);
});

test('CLAHE on luma keeps a pixel hue: the channel order of a coloured pixel is unchanged', () => {
  const dark = darkLowContrast();
  const normalized = claheLuma(dark);
  let kept = 0;
  let compared = 0;
  for (let i = 0; i < dark.data.length; i += 3 * 97) {
    const [r, g, b] = [dark.data[i], dark.data[i + 1], dark.data[i + 2]] as number[];
    const [r2, g2, b2] = [normalized.data[i], normalized.data[i + 1], normalized.data[i + 2]] as number[];
    if (Math.abs(r! - g!) < 4 || Math.abs(g! - b!) < 4 || Math.abs(r! - b!) < 4) continue;
    compared += 1;
    if (Math.sign(r! - g!) === Math.sign(r2! - g2!) && Math.sign(g! - b!) === Math.sign(g2! - b2!)) kept += 1;
  }
  assert.ok(compared > 50 && kept / compared > 0.95, `${kept}/${compared} kept their channel order`);
});

test('CLAHE in place and given the image luma gives what the plain call gives; a luma of another size is refused', () => {
  const dark = darkLowContrast();
  const expected = claheLuma(dark).data;
  const luma = toLuma(dark);
  const own = Buffer.from(dark.data);
  assert.equal(
    claheLuma({ ...dark, data: own }, { into: own, luma }).data,
    own,
    'written into the image itself',
  );
  assert.deepEqual(own, expected);
  assert.throws(() => claheLuma(dark, { luma: { ...luma, width: luma.height, height: luma.width } }));
});
