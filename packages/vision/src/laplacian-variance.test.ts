import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { laplacianVariance } from './laplacian-variance.js';
import type { RawImage } from './raw-image.js';
import { texturedImage } from './test-images.js';
import { toLuma } from './to-luma.js';

async function blurred(image: RawImage, sigma: number): Promise<RawImage> {
  const input = sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  });
  const { data, info } = await (sigma > 0 ? input.blur(sigma) : input)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as 3 };
}

test('blur score falls monotonically as a generated image is blurred more', async () => {
  const sharpImage = texturedImage(480, 320, 7);
  const scores: number[] = [];
  for (const sigma of [0, 0.6, 1, 2, 3, 5, 8]) {
    scores.push(laplacianVariance(toLuma(await blurred(sharpImage, sigma))));
  }
  for (let i = 1; i < scores.length; i += 1) {
    assert.ok(
      (scores[i] as number) < (scores[i - 1] as number),
      `scores fall: ${scores.map((s) => s.toFixed(1))}`,
    );
  }
  assert.ok((scores[0] as number) > 100, 'the sharp image scores above the default threshold');
  assert.ok((scores[scores.length - 1] as number) < 100, 'the heavily blurred image scores below it');
});

test('a flat image scores 0 and a tiny image is not measured', () => {
  const flat: RawImage = { data: Buffer.alloc(50 * 40, 128), width: 50, height: 40, channels: 1 };
  assert.equal(laplacianVariance(flat), 0);
  assert.equal(laplacianVariance({ data: Buffer.alloc(4, 9), width: 2, height: 2, channels: 1 }), 0);
});

test('measures a single bright pixel exactly', () => {
  // 5x5 with one 100 in the middle: interior responses are -400 at the centre and 100 at its 4 neighbours.
  const data = Buffer.alloc(25);
  data[12] = 100;
  const responses = [-400, 100, 100, 100, 100, 0, 0, 0, 0];
  const mean = responses.reduce((a, b) => a + b, 0) / 9;
  const variance = responses.reduce((a, b) => a + (b - mean) ** 2, 0) / 9;
  assert.ok(Math.abs(laplacianVariance({ data, width: 5, height: 5, channels: 1 }) - variance) < 1e-9);
});
