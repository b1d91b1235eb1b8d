import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import { isStageError } from '@shelfstream/errors';
import { testStackEnvironment, uniqueName } from '@shelfstream/testkit';
import { createBlobStore } from '../../src/create-blob-store.js';
import { S3BlobStore } from '../../src/s3-blob-store.js';

// The local stack's S3Proxy (or whatever S3_ENDPOINT etc. name in the environment).
const env = testStackEnvironment();
const s3 = {
  endpoint: env['S3_ENDPOINT'] ?? 'http://127.0.0.1:18090',
  accessKeyId: env['S3_ACCESS_KEY_ID'] ?? 'local-identity',
  secretAccessKey: env['S3_SECRET_ACCESS_KEY'] ?? 'local-credential',
};
const bucket = env['S3_BUCKET'] ?? 'shelfstream';
const store = createBlobStore(`s3://${bucket}/${uniqueName('test')}`, s3) as S3BlobStore;
after(() => store.close());

test('stores bytes in S3 under their content address and reads them back', async () => {
  const bytes = randomBytes(64 * 1024);
  const info = await store.put(bytes, 'application/octet-stream');
  assert.match(info.uri, new RegExp(`^s3://${bucket}/test-[0-9a-f]+/sha256/${info.sha256}$`));
  assert.equal(info.byteSize, bytes.length);
  assert.deepEqual(await store.get(info.uri), bytes);
  assert.deepEqual(await store.put(bytes, 'application/octet-stream'), info, 'a second put is a no-op');
  assert.deepEqual(await store.describe(info.uri), info, 'described by a HEAD, without reading it');
});

test('a missing S3 object is BLOB_NOT_FOUND and delete is idempotent', async () => {
  const info = await store.put(randomBytes(100), 'application/octet-stream');
  await store.delete(info.uri);
  await store.delete(info.uri);
  await assert.rejects(store.get(info.uri), (err) => isStageError(err) && err.code === 'BLOB_NOT_FOUND');
  await assert.rejects(store.describe(info.uri), (err) => isStageError(err) && err.code === 'BLOB_NOT_FOUND');
});

test('a URI outside the store is BLOB_URI_INVALID and an unreachable S3 is BLOB_UNAVAILABLE (retriable)', async () => {
  await assert.rejects(
    store.get(`s3://${bucket}/elsewhere/sha256/x`),
    (err) => isStageError(err) && err.code === 'BLOB_URI_INVALID',
  );
  const dead = new S3BlobStore({ ...s3, bucket, endpoint: 'http://127.0.0.1:9', requestTimeoutMs: 2000 });
  await assert.rejects(
    dead.put(Buffer.from('x'), 'text/plain'),
    (err) => isStageError(err) && err.code === 'BLOB_UNAVAILABLE' && err.retriable,
  );
  dead.close();
});
