import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { applyFault } from './render-capture.js';

const jpeg = await sharp({
  create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 180, b: 90 } },
})
  .jpeg()
  .toBuffer();

test('a corrupt capture is the JPEG truncated to 60 % of its bytes', async () => {
  const corrupt = await applyFault(jpeg, { kind: 'corrupt', sceneSeed: 1 });
  assert.equal(corrupt.length, Math.floor(jpeg.length * 0.6));
  assert.deepEqual(corrupt, jpeg.subarray(0, corrupt.length));
});

test('a degraded capture is a darker (even seed) re-encoded JPEG; ok and drift pass through unchanged', async () => {
  const dark = await applyFault(jpeg, { kind: 'degraded', sceneSeed: 2 });
  const mean = async (b: Buffer) => (await sharp(b).stats()).channels[0]?.mean ?? 0;
  assert.ok((await mean(dark)) < (await mean(jpeg)) * 0.4, 'much darker');
  assert.equal(await applyFault(jpeg, { kind: 'ok', sceneSeed: 2 }), jpeg);
  assert.equal(await applyFault(jpeg, { kind: 'drift', sceneSeed: 3 }), jpeg);
});
