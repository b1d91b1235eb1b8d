import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStageError } from '@shelfstream/errors';
import exifReader from 'exif-reader';
import sharp from 'sharp';
import { decodeOriented } from './decode-oriented.js';
import { encodeJpeg } from './encode-jpeg.js';
import type { RawImage } from './raw-image.js';
import { pngBomb, texturedImage } from './test-images.js';

const W = 96;
const H = 48;
const options = { maxInputPixels: 50_000_000, maxLongSidePx: 1600 };
// Upright reference: top-left red, top-right green, bottom-left blue, bottom-right white.
const QUADRANTS = [
  [220, 20, 20],
  [20, 200, 20],
  [20, 20, 220],
  [240, 240, 240],
] as const;

function uprightColour(x: number, y: number): readonly number[] {
  return QUADRANTS[(y < H / 2 ? 0 : 2) + (x < W / 2 ? 0 : 1)] as readonly number[];
}

/** The stored pixels a camera writes for `orientation`, so that applying the tag shows the upright image. */
function storedFor(orientation: number): RawImage {
  const rotated = orientation >= 5;
  const sw = rotated ? H : W;
  const sh = rotated ? W : H;
  const data = Buffer.alloc(sw * sh * 3);
  for (let r = 0; r < sh; r += 1) {
    for (let c = 0; c < sw; c += 1) {
      // EXIF 2.3, tag 0x0112: where the stored row 0 and column 0 lie in the upright image.
      const [x, y] = (
        {
          1: [c, r],
          2: [W - 1 - c, r],
          3: [W - 1 - c, H - 1 - r],
          4: [c, H - 1 - r],
          5: [r, c],
          6: [W - 1 - r, c],
          7: [W - 1 - r, H - 1 - c],
          8: [r, H - 1 - c],
        } as Record<number, [number, number]>
      )[orientation] as [number, number];
      data.set(uprightColour(x, y), (r * sw + c) * 3);
    }
  }
  return { data, width: sw, height: sh, channels: 3 };
}

async function jpegWithExif(image: RawImage, orientation: number): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .jpeg({ quality: 95 })
    .withMetadata({ orientation })
    .withExifMerge({
      IFD0: { Make: 'Acme', Model: 'ShelfCam 3', BodySerialNumber: 'SN-0042-SECRET' },
      IFD2: { BodySerialNumber: 'SN-0042-SECRET' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '51/1 30/1 0/1',
        GPSLongitudeRef: 'W',
        GPSLongitude: '0/1 7/1 0/1',
      },
    })
    .toBuffer();
}

for (const orientation of [1, 2, 3, 4, 5, 6, 7, 8]) {
  test(`turns an image with EXIF orientation ${orientation} upright`, async () => {
    const bytes = await jpegWithExif(storedFor(orientation), orientation);
    assert.equal((await sharp(bytes).metadata()).orientation, orientation, 'the fixture carries the tag');
    const { image, originalWidth, originalHeight } = await decodeOriented(bytes, options);
    assert.deepEqual([image.width, image.height, originalWidth, originalHeight], [W, H, W, H]);
    for (const [x, y] of [
      [W / 4, H / 4],
      [(3 * W) / 4, H / 4],
      [W / 4, (3 * H) / 4],
      [(3 * W) / 4, (3 * H) / 4],
    ] as const) {
      const i = (y * W + x) * 3;
      const got = [...image.data.subarray(i, i + 3)];
      const want = uprightColour(x, y);
      assert.ok(
        got.every((v, c) => Math.abs(v - (want[c] as number)) < 40),
        `orientation ${orientation} at (${x},${y}): got ${got}, want ${want}`,
      );
    }
  });
}

test('leaves no GPS, serial or other EXIF tags in an image re-encoded from the decoded copy', async () => {
  const bytes = await jpegWithExif(storedFor(6), 6);
  const input = exifReader((await sharp(bytes).metadata()).exif as Buffer);
  assert.ok(input.GPSInfo?.GPSLatitude, 'the fixture has GPS');
  assert.equal(input.Photo?.BodySerialNumber, 'SN-0042-SECRET', 'the fixture has a serial');

  const { image } = await decodeOriented(bytes, options);
  const output = await encodeJpeg(image);
  const meta = await sharp(output).metadata();
  assert.equal(meta.exif, undefined, 'no EXIF block at all');
  assert.equal(meta.xmp, undefined);
  assert.equal(meta.iptc, undefined);
  assert.equal(meta.orientation, undefined);
  assert.ok(!output.includes(Buffer.from('SN-0042-SECRET')), 'the serial appears nowhere in the bytes');
  assert.ok(!output.includes(Buffer.from('Acme')), 'the maker appears nowhere in the bytes');
});

test('refuses a PNG decompression bomb from its header, without decoding it', async () => {
  const bomb = pngBomb(20_000, 20_000);
  assert.ok(bomb.length < 200_000, `bomb is small on disk (${bomb.length} bytes)`);
  const started = Date.now();
  const rssBefore = process.memoryUsage().rss;
  await assert.rejects(
    decodeOriented(bomb, options),
    (err) => isStageError(err) && err.code === 'VISION_PIXEL_LIMIT_EXCEEDED' && !err.retriable,
  );
  assert.ok(Date.now() - started < 2000, 'refused quickly');
  assert.ok(process.memoryUsage().rss - rssBefore < 100 * 1024 * 1024, 'did not allocate the 400 MP raster');
});

test('classifies a truncated JPEG as VISION_TRUNCATED', async () => {
  const jpeg = await encodeJpeg(texturedImage(640, 480));
  const truncated = jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
  await assert.rejects(
    decodeOriented(truncated, options),
    (err) => isStageError(err) && err.code === 'VISION_TRUNCATED',
  );
});

test('classifies garbage behind a JPEG signature as VISION_DECODE_FAILED', async () => {
  const garbage = Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    Buffer.from('not really a jpeg'.repeat(50)),
  ]);
  await assert.rejects(
    decodeOriented(garbage, options),
    (err) => isStageError(err) && err.code === 'VISION_DECODE_FAILED',
  );
});

test('refuses SVG and other formats by magic bytes as VISION_UNSUPPORTED_FORMAT', async () => {
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
  await assert.rejects(
    decodeOriented(svg, options),
    (err) => isStageError(err) && err.code === 'VISION_UNSUPPORTED_FORMAT',
  );
});

test('bounds the working copy long side and never enlarges a small image', async () => {
  const large = await decodeOriented(await encodeJpeg(texturedImage(2400, 1200)), {
    ...options,
    maxLongSidePx: 1000,
  });
  assert.deepEqual([large.image.width, large.image.height, large.originalWidth], [1000, 500, 2400]);
  const small = await decodeOriented(await encodeJpeg(texturedImage(300, 200)), {
    ...options,
    maxLongSidePx: 1000,
  });
  assert.deepEqual([small.image.width, small.image.height], [300, 200]);
});

test('flattens a PNG with alpha into a 3-channel working copy', async () => {
  const rgba = await sharp({
    create: { width: 40, height: 30, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 0.5 } },
  })
    .png()
    .toBuffer();
  const { image, format } = await decodeOriented(rgba, options);
  assert.equal(format, 'png');
  assert.equal(image.channels, 3);
  assert.equal(image.data.length, 40 * 30 * 3);
});

test('classifies truncation by the missing end marker even with other images failing at the same time', async () => {
  const jpeg = await encodeJpeg(texturedImage(640, 480, 14));
  const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
  const corrupt = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7)]);
  const png = await sharp(texturedImage(300, 200).data, { raw: { width: 300, height: 200, channels: 3 } })
    .png()
    .toBuffer();
  const inputs = [
    truncated,
    corrupt,
    png.subarray(0, png.length - 40),
    corrupt,
    truncated,
    pngBomb(20_000, 20_000),
  ];
  const codes = await Promise.all(
    inputs.map((bytes) =>
      decodeOriented(bytes, options).then(
        () => 'ok',
        (err: { code: string }) => err.code,
      ),
    ),
  );
  assert.deepEqual(codes, [
    'VISION_TRUNCATED',
    'VISION_DECODE_FAILED',
    'VISION_TRUNCATED',
    'VISION_DECODE_FAILED',
    'VISION_TRUNCATED',
    'VISION_PIXEL_LIMIT_EXCEEDED',
  ]);
});
