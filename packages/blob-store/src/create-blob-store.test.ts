import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createBlobStore } from './create-blob-store.js';
import { FsBlobStore } from './fs-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

test('a file URL gives a folder store that owns URIs under its root only', () => {
  const store = createBlobStore('file:///var/lib/blobs');
  assert.ok(store instanceof FsBlobStore);
  assert.equal(store.owns(`file:///var/lib/blobs/sha256/${'a'.repeat(64)}`), true);
  assert.equal(store.owns('file:///var/lib/other/x'), false);
});

test('an s3 URL gives a bucket store scoped to its bucket and prefix', () => {
  const store = createBlobStore('s3://shelf/captures', { endpoint: 'http://127.0.0.1:1' });
  assert.ok(store instanceof S3BlobStore);
  assert.equal(store.owns(`s3://shelf/captures/sha256/${'a'.repeat(64)}`), true);
  assert.equal(store.owns('s3://shelf/other/sha256/x'), false);
  assert.equal(store.owns('s3://shelf/captures/../other/x'), false);
  assert.equal(store.owns('s3://other/captures/sha256/x'), false);
});

test('an unknown scheme or a bucketless s3 URL is refused at start-up', () => {
  assert.throws(() => createBlobStore('http://example.com/blobs'), RangeError);
  assert.throws(() => createBlobStore('s3:///prefix'), RangeError);
});
