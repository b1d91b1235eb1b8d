import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isStageError } from '@shelfstream/errors';
import { FsBlobStore } from './fs-blob-store.js';

test('stores bytes under their content address and reads them back', async () => {
  const store = new FsBlobStore(await mkdtemp(join(tmpdir(), 'blobs-')));
  const info = await store.put(Buffer.from('hello'), 'text/plain');
  assert.equal(info.sha256, '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  assert.match(info.uri, /^file:\/\/.*\/sha256\/2cf24dba/);
  assert.deepEqual(await store.get(info.uri), Buffer.from('hello'));
  assert.deepEqual(await store.put(Buffer.from('hello'), 'text/plain'), info, 'idempotent');
});

test('a missing blob is BLOB_NOT_FOUND and a foreign path BLOB_URI_INVALID', async () => {
  const root = await mkdtemp(join(tmpdir(), 'blobs-'));
  const store = new FsBlobStore(root);
  await assert.rejects(
    store.get(`file://${root}/sha256/${'0'.repeat(64)}`),
    (err) => isStageError(err) && err.code === 'BLOB_NOT_FOUND',
  );
  await assert.rejects(
    store.get('file:///etc/passwd'),
    (err) => isStageError(err) && err.code === 'BLOB_URI_INVALID',
  );
  await assert.rejects(
    store.get(`file://${root}/../escape`),
    (err) => isStageError(err) && err.code === 'BLOB_URI_INVALID',
  );
});

test('delete removes a blob and tolerates a missing one', async () => {
  const store = new FsBlobStore(await mkdtemp(join(tmpdir(), 'blobs-')));
  const info = await store.put(Buffer.from('bye'), 'text/plain');
  await store.delete(info.uri);
  await store.delete(info.uri);
  await assert.rejects(store.get(info.uri), (err) => isStageError(err) && err.code === 'BLOB_NOT_FOUND');
});

test('a file:// URI with a host is BLOB_URI_INVALID, not a raw TypeError (issue 12, defect 3)', async () => {
  const root = await mkdtemp(join(tmpdir(), 'blobs-'));
  const store = new FsBlobStore(root);
  assert.equal(store.owns(`file://host${root}/x`), false);
  await assert.rejects(
    store.get(`file://host${root}/sha256/${'0'.repeat(64)}`),
    (err) => isStageError(err) && err.code === 'BLOB_URI_INVALID',
  );
  await assert.rejects(
    store.delete(`file://host${root}/x`),
    (err) => isStageError(err) && err.code === 'BLOB_URI_INVALID',
  );
  await assert.rejects(
    store.get('file://%zz/x'),
    (err) => isStageError(err) && err.code === 'BLOB_URI_INVALID',
  );
});

test('a directory under the root is BLOB_NOT_FOUND, not a raw EISDIR (issue 12, defect 3)', async () => {
  const root = await mkdtemp(join(tmpdir(), 'blobs-'));
  const store = new FsBlobStore(root);
  await store.put(Buffer.from('x'), 'text/plain');
  await assert.rejects(
    store.get(`file://${root}/sha256`),
    (err) => isStageError(err) && err.code === 'BLOB_NOT_FOUND' && err.retriable === false,
  );
});

test('describe names a stored blob without reading it, and refuses what is not a content address', async () => {
  const root = await mkdtemp(join(tmpdir(), 'blobs-'));
  const store = new FsBlobStore(root);
  const info = await store.put(Buffer.from('hello'), 'text/plain');
  assert.deepEqual(await store.describe(info.uri), info);
  await assert.rejects(
    store.describe(`file://${root}/sha256/${'0'.repeat(64)}`),
    (err) => isStageError(err) && err.code === 'BLOB_NOT_FOUND',
  );
  await assert.rejects(
    store.describe(`file://${root}/sha256`),
    (err) => isStageError(err) && err.code === 'BLOB_URI_INVALID',
  );
  await assert.rejects(
    store.describe('file:///etc/passwd'),
    (err) => isStageError(err) && err.code === 'BLOB_URI_INVALID',
  );
});
