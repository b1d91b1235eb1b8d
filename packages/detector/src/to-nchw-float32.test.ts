import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toNchwFloat32 } from './to-nchw-float32.js';

describe('toNchwFloat32', () => {
  it('writes planar RGB scaled to 0-1 into the given batch slot', () => {
    // 2x1 image: pixel0 = (255, 0, 51), pixel1 = (0, 255, 102)
    const raw = Uint8Array.from([255, 0, 51, 0, 255, 102]);
    const out = new Float32Array(2 * 3 * 2).fill(-1);
    toNchwFloat32(raw, { width: 2, height: 1, channels: 3 }, out, 1);
    assert.deepEqual(Array.from(out.subarray(0, 6)), [-1, -1, -1, -1, -1, -1]);
    assert.deepEqual(
      Array.from(out.subarray(6)).map((v) => Math.round(v * 255)),
      [255, 0, 0, 255, 51, 102],
    );
  });

  it('reads a Buffer sitting at a non-zero byteOffset of a pooled ArrayBuffer (sharp#2624)', () => {
    const pool = new Uint8Array(64).fill(7);
    pool.set([10, 20, 30, 40], 13);
    const view = Buffer.from(pool.buffer, 13, 4);
    const out = new Float32Array(3);
    toNchwFloat32(view, { width: 1, height: 1, channels: 4 }, out);
    assert.deepEqual(
      Array.from(out).map((v) => Math.round(v * 255)),
      [10, 20, 30],
    );
  });

  it('refuses a target too small for the batch slot', () => {
    assert.throws(() =>
      toNchwFloat32(new Uint8Array(3), { width: 1, height: 1, channels: 3 }, new Float32Array(3), 1),
    );
  });
});
