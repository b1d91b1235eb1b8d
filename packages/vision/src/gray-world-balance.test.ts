import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grayWorldBalance } from './gray-world-balance.js';
import type { RawImage } from './raw-image.js';
import { texturedImage } from './test-images.js';
import { toLuma } from './to-luma.js';

function channelMeans(image: RawImage): number[] {
  const sums = [0, 0, 0];
  for (let i = 0; i < image.data.length; i += 1)
    sums[i % 3] = (sums[i % 3] as number) + (image.data[i] as number);
  return sums.map((s) => s / (image.width * image.height));
}

test('gray-world balance removes a warm colour cast', () => {
  const neutral = texturedImage(200, 150, 5);
  const warm = Buffer.from(
    neutral.data.map((v, i) => Math.min(255, Math.round(v * [1.0, 0.8, 0.55][i % 3]!))),
  );
  const cast: RawImage = { ...neutral, data: warm };
  const [r0, , b0] = channelMeans(cast) as [number, number, number];
  const [r1, g1, b1] = channelMeans(grayWorldBalance(cast)) as [number, number, number];
  assert.ok(r0 / b0 > 1.5, 'the input has a cast');
  assert.ok(Math.abs(r1 / b1 - 1) < 0.05 && Math.abs(r1 / g1 - 1) < 0.05, `means after: ${[r1, g1, b1]}`);
});

test('gray-world balance clamps the gain for a scene that is one colour', () => {
  const red: RawImage = {
    data: Buffer.from(new Array(30).fill([200, 2, 2]).flat()),
    width: 10,
    height: 3,
    channels: 3,
  };
  const out = grayWorldBalance(red, { maxGain: 2 });
  assert.deepEqual([...out.data.subarray(0, 3)], [100, 4, 4]);
});

test('gray-world balance in place, writing the balanced luma in the same pass, gives what the plain calls give', () => {
  const image = texturedImage(60, 40, 6);
  const expected = grayWorldBalance(image);
  const own = Buffer.from(image.data);
  const luma = Buffer.alloc(60 * 40);
  const inPlace = grayWorldBalance({ ...image, data: own }, { into: own, lumaInto: luma });
  assert.equal(inPlace.data, own, 'written into the image itself');
  assert.deepEqual(inPlace.data, expected.data);
  assert.deepEqual(luma, toLuma(expected).data);
});
