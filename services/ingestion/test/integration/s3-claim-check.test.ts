import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createBlobStore } from '@shelfstream/blob-store';
import { testStackEnvironment } from '@shelfstream/testkit';
import { sampleImage } from '../../src/test-support/images.js';
import { type IngestionUnderTest, startIngestion } from './harness.js';

const env = testStackEnvironment();
const bucket = env['S3_BUCKET'] ?? 'shelfstream';
const s3 = {
  endpoint: env['S3_ENDPOINT'] ?? 'http://127.0.0.1:18090',
  accessKeyId: env['S3_ACCESS_KEY_ID'] ?? 'local-identity',
  secretAccessKey: env['S3_SECRET_ACCESS_KEY'] ?? 'local-credential',
};
let t: IngestionUnderTest;
let prefix: string;
before(async () => {
  prefix = `ingest-${Date.now()}`;
  t = await startIngestion({ BLOB_STORE_URL: `s3://${bucket}/${prefix}` });
});
after(async () => {
  await t?.stop();
});

test('with an s3:// blob store the validated record carries an S3 claim check holding the image', async () => {
  const key = await t.addDevice('cam-s3', 'store-s3');
  const image = await sampleImage('webp', 128, 96);
  const body = new FormData();
  const fields = {
    store_id: 'store-s3',
    aisle: 'S1',
    fixture_type: 'FREEZER',
    captured_at: String(Date.now() - 2000),
    device_id: 'cam-s3',
    planogram_version: 'v2',
  };
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  body.append('image', new Blob([image], { type: 'image/webp' }), 'f.webp');
  const response = await fetch(`${t.baseUrl}/v1/captures`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${key}` },
  });
  assert.equal(response.status, 202);
  const [accepted] = await t.validated((n) => n >= 1);
  assert.ok(accepted);
  assert.match(accepted.blob_uri, new RegExp(`^s3://${bucket}/${prefix}/sha256/[0-9a-f]{64}$`));
  assert.equal(accepted.content_type, 'image/webp');
  const store = createBlobStore(`s3://${bucket}/${prefix}`, s3);
  assert.deepEqual(await store.get(accepted.blob_uri), image);
  await store.delete(accepted.blob_uri);
});
