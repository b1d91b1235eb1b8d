import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createBlobStoreFromConfig, S3BlobStore } from '@shelfstream/blob-store';
import { loadConfig } from '@shelfstream/config';
import { scoringConfig } from './config.js';

const HEX = 'a'.repeat(64);

// Regression (issue 13): scoring only knew a file:// BLOB_STORE_DIR, so archival could not delete S3 blobs.
test('archival deletes from the s3:// store the shared BLOB_STORE_URL and S3_* settings name', () => {
  const config = loadConfig(scoringConfig, {
    BLOB_STORE_URL: 's3://shelf/captures',
    S3_ENDPOINT: 'http://127.0.0.1:1',
  });
  const store = createBlobStoreFromConfig(config);
  assert.ok(store instanceof S3BlobStore);
  assert.equal(store.owns(`s3://shelf/captures/sha256/${HEX}`), true);
  store.close();
});

test('the deprecated BLOB_STORE_DIR still gives archival its file:// store', () => {
  const config = loadConfig(scoringConfig, { BLOB_STORE_DIR: '/srv/blobs' });
  assert.equal(createBlobStoreFromConfig(config).owns(`file:///srv/blobs/sha256/${HEX}`), true);
});
