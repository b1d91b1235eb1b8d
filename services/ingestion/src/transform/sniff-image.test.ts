import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { jpegDeclaring, motionPhotoTrailer, pngDeclaring, sampleImage } from '../test-support/images.js';
import { checkDeclaredType, sniffImage } from './sniff-image.js';

const limits = { maxPixels: 50_000_000, minImageSide: 64, maxAspectRatio: 8 };

test('identifies JPEG, PNG and WebP by magic bytes and reads their dimensions', async () => {
  for (const format of ['jpeg', 'png', 'webp'] as const) {
    const image = await sampleImage(format, 96, 64);
    assert.deepEqual(
      sniffImage(image, limits),
      { ok: true, value: { mime: `image/${format}`, width: 96, height: 64, imageBytes: image.length } },
      format,
    );
  }
});

test('refuses zero bytes, unknown magic and HEIC with their own codes', () => {
  assert.equal(code(Buffer.alloc(0)), 'INGEST_IMAGE_EMPTY');
  assert.equal(code(Buffer.from('GIF89a......')), 'INGEST_IMAGE_UNSUPPORTED_TYPE');
  assert.equal(
    code(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')),
    'INGEST_IMAGE_UNSUPPORTED_TYPE',
  );
  const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(12)]);
  assert.equal(code(heic), 'INGEST_IMAGE_UNSUPPORTED_TYPE');
});

test('refuses truncated JPEG, PNG and WebP files', async () => {
  for (const format of ['jpeg', 'png', 'webp'] as const) {
    const full = await sampleImage(format);
    assert.equal(code(full.subarray(0, Math.floor(full.length * 0.7))), 'INGEST_IMAGE_TRUNCATED', format);
  }
  assert.equal(code(Buffer.from([0xff, 0xd8, 0xff])), 'INGEST_IMAGE_TRUNCATED');
});

test('refuses declared dimensions over the pixel limit or zero without decoding pixels', async () => {
  assert.equal(
    code(pngDeclaring(100_000, 100_000, await sampleImage('png'))),
    'INGEST_IMAGE_DIMENSIONS_INVALID',
  );
  assert.equal(
    code(jpegDeclaring(65_000, 65_000, await sampleImage('jpeg'))),
    'INGEST_IMAGE_DIMENSIONS_INVALID',
  );
  assert.equal(code(jpegDeclaring(0, 10, await sampleImage('jpeg'))), 'INGEST_IMAGE_DIMENSIONS_INVALID');
});

test('a JPEG followed by other data is the JPEG up to its EOI: motion photos, MPF pictures, trailers, padding', async () => {
  const jpeg = await sampleImage('jpeg', 320, 240);
  const secondPicture = await sampleImage('jpeg', 96, 64); // an MPF file's next picture, with an EOI of its own
  for (const [what, trailer] of [
    ['a motion photo video', motionPhotoTrailer()],
    ['an MPF second picture', secondPicture],
    ['a vendor trailer holding FF D9', Buffer.from([0xff, 0xd9, 0x12, 0xff, 0x00, 0xff])],
    ['zero padding', Buffer.alloc(2000)],
  ] as const) {
    const verdict = sniffImage(Buffer.concat([jpeg, trailer]), limits);
    assert.ok(verdict.ok, `${what}: ${verdict.ok ? '' : verdict.message}`);
    assert.equal(verdict.value.imageBytes, jpeg.length, `${what}: the image ends at its own EOI`);
  }
});

test('the walk skips segments by their length (an EXIF thumbnail has its own EOI) and follows progressive scans', async () => {
  const jpeg = await sampleImage('jpeg', 320, 240);
  // An APP1 segment right after SOI whose payload holds a whole small JPEG: its EOI must not end the image.
  const thumbnail = await sampleImage('jpeg', 16, 16);
  const payload = Buffer.concat([Buffer.from('Exif\0\0'), thumbnail]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), u16(payload.length + 2), payload]);
  const withThumbnail = Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
  assert.deepEqual(sniffImage(withThumbnail, limits), {
    ok: true,
    value: { mime: 'image/jpeg', width: 320, height: 240, imageBytes: withThumbnail.length },
  });
  assert.equal(code(withThumbnail.subarray(0, withThumbnail.length - 400)), 'INGEST_IMAGE_TRUNCATED');

  const progressive = await sharp(jpeg).jpeg({ progressive: true }).toBuffer();
  const verdict = sniffImage(Buffer.concat([progressive, Buffer.from('trailer')]), limits);
  assert.ok(verdict.ok);
  assert.equal(verdict.value.imageBytes, progressive.length);
  assert.equal(code(progressive.subarray(0, Math.floor(progressive.length * 0.8))), 'INGEST_IMAGE_TRUNCATED');
});

test('truncation is entropy-coded data that ends early, even when other data follows the cut', async () => {
  const jpeg = await sampleImage('jpeg', 320, 240);
  const cut = jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
  assert.equal(code(cut), 'INGEST_IMAGE_TRUNCATED');
  assert.equal(code(Buffer.concat([cut, Buffer.alloc(100)])), 'INGEST_IMAGE_TRUNCATED', 'zeros are no EOI');
  assert.equal(code(jpeg.subarray(0, jpeg.length - 1)), 'INGEST_IMAGE_TRUNCATED', 'half an EOI');
});

test('refuses degenerate dimensions: a side under the minimum, or an extreme aspect ratio', async () => {
  const png = await sampleImage('png');
  assert.equal(code(pngDeclaring(1, 1, png)), 'INGEST_IMAGE_DIMENSIONS_DEGENERATE');
  assert.equal(code(pngDeclaring(20_000, 8, png)), 'INGEST_IMAGE_DIMENSIONS_DEGENERATE');
  assert.equal(code(pngDeclaring(640, 63, png)), 'INGEST_IMAGE_DIMENSIONS_DEGENERATE');
  assert.equal(code(pngDeclaring(64 * 9, 64, png)), 'INGEST_IMAGE_DIMENSIONS_DEGENERATE', '9:1');
  assert.equal(code(pngDeclaring(64 * 8, 64, png)), undefined, '8:1 passes');
  assert.equal(code(pngDeclaring(64, 64, png)), undefined);
  assert.equal(code(await sampleImage('jpeg', 20, 300)), 'INGEST_IMAGE_DIMENSIONS_DEGENERATE');
});

test('a declared content type must match the detected one; image/jpg and octet-stream pass', () => {
  assert.equal(checkDeclaredType('image/png', 'image/jpeg').ok, false);
  assert.equal(checkDeclaredType('image/jpg', 'image/jpeg').ok, true);
  assert.equal(checkDeclaredType('application/octet-stream', 'image/png').ok, true);
  assert.equal(checkDeclaredType(null, 'image/webp').ok, true);
});

function code(bytes: Buffer): string | undefined {
  const verdict = sniffImage(bytes, limits);
  return verdict.ok ? undefined : verdict.code;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}
