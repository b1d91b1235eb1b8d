import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectImageFiles, imageContentType } from './image-files.js';

test('maps JPEG, PNG and WebP extensions to their MIME types, case-insensitively', () => {
  assert.equal(imageContentType('a/B.JPG'), 'image/jpeg');
  assert.equal(imageContentType('x.png'), 'image/png');
  assert.equal(imageContentType('x.webp'), 'image/webp');
  assert.equal(imageContentType('x.gif'), undefined);
});

test('expands directories recursively into sorted image files and lists what it skipped', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'shelfctl-files-'));
  try {
    await mkdir(join(dir, 'sub'));
    for (const name of ['b.jpg', 'a.png', 'notes.txt', 'sub/c.webp']) await writeFile(join(dir, name), 'x');
    const { files, skipped } = await collectImageFiles([dir, join(dir, 'a.png')]);
    assert.deepEqual(files, [join(dir, 'a.png'), join(dir, 'b.jpg'), join(dir, 'sub/c.webp')]);
    assert.deepEqual(skipped, [join(dir, 'notes.txt')]);
    await assert.rejects(collectImageFiles([join(dir, 'missing.jpg')]), /ENOENT/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
