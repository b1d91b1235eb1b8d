import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { LETTERBOX_PAD_VALUE, letterbox } from './letterbox.js';
import { letterboxBatch, letterboxByteBatch } from './letterbox-batch.js';
import { letterboxImage } from './preprocess.js';
import { toNchwFloat32 } from './to-nchw-float32.js';

const PAD = LETTERBOX_PAD_VALUE / 255;

/** A JPEG with a smooth colour gradient (so resampling differences show) of the given size. */
async function gradientJpeg(width: number, height: number, quality = 90): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = (x * 255) / width;
      data[i + 1] = (y * 255) / height;
      data[i + 2] = ((x + y) * 97) % 256;
    }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
}

describe('letterboxBatch', () => {
  it('places each image at its letterbox position, grey 114 around it, one [N,3,H,W] tensor', async () => {
    const red = { data: new Uint8Array(8 * 4 * 3).fill(0), width: 8, height: 4, channels: 3 as const };
    for (let i = 0; i < red.data.length; i += 3) red.data[i] = 255;
    const { tensor, geometries } = await letterboxBatch([red, red], 8, 8);
    assert.equal(tensor.length, 2 * 3 * 8 * 8);
    assert.deepEqual(geometries[1], letterbox(8, 4, 8, 8));
    const at = (n: number, c: number, y: number, x: number) => tensor[((n * 3 + c) * 8 + y) * 8 + x];
    for (const n of [0, 1])
      for (let y = 0; y < 8; y++) {
        const inside = y >= 2 && y < 6;
        assert.equal(at(n, 0, y, 3), inside ? 1 : Math.fround(PAD), `image ${n} row ${y} red`);
        assert.equal(at(n, 1, y, 3), inside ? 0 : Math.fround(PAD), `image ${n} row ${y} green`);
      }
  });

  it('gives the same floats as letterboxImage followed by toNchwFloat32', async () => {
    const jpeg = await gradientJpeg(640, 360);
    const { tensor } = await letterboxBatch([jpeg], 416, 416);
    const { rgb } = await letterboxImage(jpeg, 416, 416);
    const expected = toNchwFloat32(
      rgb,
      { width: 416, height: 416, channels: 3 },
      new Float32Array(3 * 416 * 416),
    );
    assert.deepEqual(tensor, expected);
  });

  it('matches a full decode followed by a resize when libvips cannot shrink while decoding (PNG)', async () => {
    const raw = await sharp(await gradientJpeg(500, 300))
      .raw()
      .toBuffer();
    const png = await sharp(raw, { raw: { width: 500, height: 300, channels: 3 } })
      .png()
      .toBuffer();
    const g = letterbox(500, 300, 416, 416);
    // The two-pipeline letterbox this replaced (decode to raw, then resize + extend).
    const reference = await sharp(raw, { raw: { width: 500, height: 300, channels: 3 } })
      .resize(g.resizedWidth, g.resizedHeight, { fit: 'fill', kernel: 'linear' })
      .extend({
        top: g.padTop,
        bottom: 416 - g.resizedHeight - g.padTop,
        left: g.padLeft,
        right: 416 - g.resizedWidth - g.padLeft,
        background: { r: 114, g: 114, b: 114 },
      })
      .raw()
      .toBuffer();
    const { rgb } = await letterboxImage(png, 416, 416);
    assert.ok(rgb.equals(reference));
  });

  it('stays within a grey level on average of a full-size decode when the JPEG is shrunk while decoding', async () => {
    // 1280x720 -> 416x234 is a 3.08x reduction: sharp decodes at 1/2 in the DCT, then resizes.
    const jpeg = await gradientJpeg(1280, 720);
    const raw = await sharp(jpeg).raw().toBuffer();
    const full = await letterboxImage({ data: raw, width: 1280, height: 720, channels: 3 }, 416, 416);
    const shrunk = await letterboxImage(jpeg, 416, 416);
    assert.deepEqual(shrunk.geometry, full.geometry);
    let sum = 0;
    for (let i = 0; i < full.rgb.length; i++)
      sum += Math.abs((full.rgb[i] as number) - (shrunk.rgb[i] as number));
    assert.ok(sum / full.rgb.length < 1, `mean difference ${(sum / full.rgb.length).toFixed(3)}`);
  });

  it('letterboxes by the EXIF-oriented size: a landscape-stored photo tagged "rotate 90" comes out portrait', async () => {
    const stored = await sharp(await gradientJpeg(640, 480))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const { geometries } = await letterboxBatch([stored], 416, 416);
    assert.deepEqual(geometries[0], letterbox(480, 640, 416, 416));
    assert.ok((geometries[0]?.padLeft ?? 0) > 0);
  });

  it('turns a grey (1-band) JPEG into three equal channels', async () => {
    const grey = await sharp(Buffer.alloc(64 * 64, 0x50), { raw: { width: 64, height: 64, channels: 1 } })
      .toColourspace('b-w')
      .jpeg()
      .toBuffer();
    assert.equal((await sharp(grey).metadata()).channels, 1);
    const { tensor } = await letterboxBatch([grey], 32, 32);
    const plane = 32 * 32;
    const centre = 16 * 32 + 16;
    assert.ok(Math.abs((tensor[centre] as number) - 0x50 / 255) < 2 / 255);
    assert.equal(tensor[centre], tensor[plane + centre]);
    assert.equal(tensor[centre], tensor[2 * plane + centre]);
  });

  it('writes into the target tensor when it is large enough, and allocates when it is not', async () => {
    const image = { data: new Uint8Array(4 * 4 * 3).fill(9), width: 4, height: 4, channels: 3 as const };
    const target = new Float32Array(3 * 3 * 4 * 4);
    const reused = await letterboxBatch([image, image], 4, 4, target);
    assert.equal(reused.tensor.buffer, target.buffer);
    assert.equal(reused.tensor.length, 2 * 3 * 4 * 4);
    const grown = await letterboxBatch([image, image, image, image], 4, 4, target);
    assert.notEqual(grown.tensor.buffer, target.buffer);
    assert.equal(grown.tensor.length, 4 * 3 * 4 * 4);
  });

  it("rejects with sharp's error when an image cannot be decoded", async () => {
    await assert.rejects(letterboxBatch([Buffer.from('not an image')], 416, 416));
  });
});

describe('letterboxByteBatch', () => {
  it("holds the bytes whose scaled values are letterboxBatch's floats, same layout and padding", async () => {
    const jpeg = await gradientJpeg(640, 360);
    const grey = { data: new Uint8Array(8 * 4 * 3).fill(200), width: 8, height: 4, channels: 3 as const };
    const floats = await letterboxBatch([jpeg, grey], 416, 416);
    const bytes = await letterboxByteBatch([jpeg, grey], 416, 416);
    assert.deepEqual(bytes.geometries, floats.geometries);
    assert.equal(bytes.tensor.length, floats.tensor.length);
    const scaled = Float32Array.from(bytes.tensor, (b) => b * (1 / 255));
    assert.deepEqual(scaled, floats.tensor);
    assert.equal(bytes.tensor[0], LETTERBOX_PAD_VALUE);
  });

  it('writes into the target when it is large enough, and allocates when it is not', async () => {
    const image = { data: new Uint8Array(4 * 4 * 3).fill(9), width: 4, height: 4, channels: 3 as const };
    const target = new Uint8Array(3 * 3 * 4 * 4);
    const reused = await letterboxByteBatch([image, image], 4, 4, target);
    assert.equal(reused.tensor.buffer, target.buffer);
    assert.equal(reused.tensor.length, 2 * 3 * 4 * 4);
    const grown = await letterboxByteBatch([image, image, image, image], 4, 4, target);
    assert.notEqual(grown.tensor.buffer, target.buffer);
  });
});
