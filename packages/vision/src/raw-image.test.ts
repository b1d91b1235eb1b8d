import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uint8View } from './raw-image.js';
import { toLuma } from './to-luma.js';

test('uint8View reads only the buffer own bytes when it sits at an offset in a pooled ArrayBuffer (sharp#2624)', () => {
  const pooled = Buffer.from([9, 9, 9, 1, 2, 3, 9, 9]);
  const slice = pooled.subarray(3, 6);
  assert.notEqual(slice.byteOffset, 0);
  assert.deepEqual([...uint8View(slice)], [1, 2, 3]);
  assert.notDeepEqual([...new Uint8Array(slice.buffer)].slice(0, 3), [1, 2, 3], 'the naive view is wrong');
});

test('toLuma of an offset RGB buffer uses the pixel bytes, not the pool around them', () => {
  const pooled = Buffer.from([0, 0, 255, 255, 255, 0, 0, 0]);
  const white = pooled.subarray(2, 5);
  assert.deepEqual([...toLuma({ data: white, width: 1, height: 1, channels: 3 }).data], [255]);
});
