import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { NO_SHELF_VARIANTS, noShelfVariant, renderNoShelfFrame } from './no-shelf-frame.js';

const size = { width: 320, height: 180 };
const scene = await sharp({
  create: { ...size, channels: 3, background: { r: 120, g: 90, b: 60 } },
})
  .composite([
    {
      input: { create: { width: 320, height: 6, channels: 3, background: '#fff' } },
      left: 0,
      top: 90,
    },
  ])
  .jpeg()
  .toBuffer();

test('five consecutive seeds draw every no-shelf variant', () => {
  assert.deepEqual([0, 1, 2, 3, 4].map(noShelfVariant).sort(), [...NO_SHELF_VARIANTS].sort());
});

test('each variant is a JPEG of the requested size with no strong horizontal edge left', async () => {
  for (let seed = 0; seed < NO_SHELF_VARIANTS.length; seed++) {
    const jpeg = await renderNoShelfFrame(seed, scene, size);
    const { data, info } = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height], [size.width, size.height], noShelfVariant(seed));
    // Row means: a shelf edge is a jump between neighbouring rows' means; none of these frames has one.
    const rowMean = (y: number) => {
      let sum = 0;
      for (let x = 0; x < info.width; x++) sum += data[y * info.width + x] as number;
      return sum / info.width;
    };
    let largest = 0;
    for (let y = 0; y + 2 < info.height; y++)
      largest = Math.max(largest, Math.abs(rowMean(y + 2) - rowMean(y)));
    assert.ok(largest < 8, `${noShelfVariant(seed)}: row-mean step ${largest.toFixed(1)}`);
  }
});
