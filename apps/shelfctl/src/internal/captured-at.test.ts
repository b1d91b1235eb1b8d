import assert from 'node:assert/strict';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { exifCapturedAt, resolveCapturedAt } from './captured-at.js';

/** A minimal JPEG whose EXIF sub-IFD holds DateTimeOriginal = `when` ("YYYY:MM:DD HH:MM:SS"). */
function jpegWithDateTimeOriginal(when: string): Buffer {
  const tiff = Buffer.alloc(64);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4); // IFD0 offset
  tiff.writeUInt16LE(1, 8); // IFD0: one entry, the Exif sub-IFD pointer
  tiff.writeUInt16LE(0x8769, 10);
  tiff.writeUInt16LE(4, 12);
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt32LE(26, 18);
  tiff.writeUInt32LE(0, 22);
  tiff.writeUInt16LE(1, 26); // Exif IFD: DateTimeOriginal, ASCII[20] at offset 44
  tiff.writeUInt16LE(0x9003, 28);
  tiff.writeUInt16LE(2, 30);
  tiff.writeUInt32LE(20, 32);
  tiff.writeUInt32LE(44, 36);
  tiff.writeUInt32LE(0, 40);
  tiff.write(`${when}\0`, 44, 'latin1');
  const app1Body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1Length = Buffer.alloc(2);
  app1Length.writeUInt16BE(app1Body.length + 2);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe1]),
    app1Length,
    app1Body,
    Buffer.from([0xff, 0xd9]),
  ]);
}

test('reads DateTimeOriginal from EXIF as local time', async () => {
  const at = await exifCapturedAt(jpegWithDateTimeOriginal('2024:05:01 08:30:00'));
  assert.equal(at, new Date(2024, 4, 1, 8, 30, 0).getTime());
});

test('prefers the flag, then EXIF, then the file modification time', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'shelfctl-exif-'));
  try {
    const plain = join(dir, 'plain.jpg');
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
    await writeFile(plain, bytes);
    const mtime = new Date('2025-03-04T05:06:07.000Z');
    await utimes(plain, mtime, mtime);
    assert.deepEqual(await resolveCapturedAt(plain, bytes), { capturedAt: mtime.getTime(), source: 'mtime' });
    assert.deepEqual(await resolveCapturedAt(plain, bytes, 42), { capturedAt: 42, source: 'flag' });
    const exif = jpegWithDateTimeOriginal('2024:05:01 08:30:00');
    assert.equal((await resolveCapturedAt(plain, exif)).source, 'exif');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
