import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sniffImageFormat } from './image-format.js';

test('sniffs JPEG, PNG and WebP by magic bytes and refuses the rest', () => {
  assert.equal(sniffImageFormat(Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0])), 'jpeg');
  assert.equal(sniffImageFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'png');
  assert.equal(sniffImageFormat(Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ', 'latin1')), 'webp');
  assert.equal(sniffImageFormat(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), undefined);
  assert.equal(sniffImageFormat(Buffer.from('GIF89a')), undefined);
  assert.equal(sniffImageFormat(Buffer.alloc(0)), undefined);
});
