import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jpegDeclaring, pngDeclaring, sampleImage } from '../test-support/images.js';
import { checkDeclaredType, sniffImage } from './sniff-image.js';

const limits = { maxPixels: 50_000_000 };

test('identifies JPEG, PNG and WebP by magic bytes and reads their dimensions', async () => {
  for (const format of ['jpeg', 'png', 'webp'] as const) {
    const verdict = sniffImage(await sampleImage(format, 64, 48), limits);
    assert.deepEqual(
      verdict,
      { ok: true, value: { mime: `image/${format}`, width: 64, height: 48 } },
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
