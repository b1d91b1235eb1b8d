import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import type { PlannedCapture } from './mix-plan.js';
import { applyFault, cropToCentre, renderCapture } from './render-capture.js';

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

test('a close-up is the central 80 % of the scene, scaled back to the capture size', async () => {
  const size = { width: 320, height: 180 };
  const planned = { seq: 0, sceneSeed: 11 } as const;
  const full = await renderCapture({ ...plannedOf(planned), kind: 'ok' }, size);
  const close = await renderCapture({ ...plannedOf(planned), kind: 'close-up' }, size);
  const info = await sharp(close.bytes).metadata();
  assert.deepEqual([info.width, info.height, info.format], [size.width, size.height, 'jpeg']);
  assert.ok(close.scene.image.equals(full.scene.image), 'the truth is the whole scene');
  // The close-up matches the full render's centre, cropped and enlarged, far better than the full render itself.
  const pixels = (b: Buffer) => sharp(b).removeAlpha().raw().toBuffer();
  const expected = await sharp(full.bytes)
    .extract({ left: 32, top: 18, width: 256, height: 144 })
    .resize(size.width, size.height, { fit: 'fill' })
    .toBuffer();
  const [c, f, e] = await Promise.all([pixels(close.bytes), pixels(full.bytes), pixels(expected)]);
  const meanDiff = (a: Buffer, b: Buffer) =>
    a.reduce((sum, v, i) => sum + Math.abs(v - (b[i] ?? 0)), 0) / a.length;
  assert.ok(meanDiff(c, e) < 4, `close-up vs cropped full render: ${meanDiff(c, e).toFixed(1)}`);
  assert.ok(meanDiff(c, f) > 3 * meanDiff(c, e), `close-up vs full render: ${meanDiff(c, f).toFixed(1)}`);
});

test('cropToCentre keeps the size and refuses a share outside (0, 1]', async () => {
  const cropped = await cropToCentre(jpeg, 0.8);
  const info = await sharp(cropped).metadata();
  assert.deepEqual([info.width, info.height], [64, 48]);
  await assert.rejects(cropToCentre(jpeg, 0), RangeError);
  await assert.rejects(cropToCentre(jpeg, 1.2), RangeError);
});

function plannedOf(p: { seq: number; sceneSeed: number }): Omit<PlannedCapture, 'kind'> {
  return {
    ...p,
    channel: 'kafka',
    storeId: 'store-001',
    aisle: 'A01',
    deviceId: 'store-001-cam-1',
    capturedAt: 0,
    planogramVersion: 'v1',
  };
}
