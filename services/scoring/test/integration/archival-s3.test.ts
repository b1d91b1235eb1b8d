import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { type BlobStore, createBlobStoreFromConfig, S3BlobStore } from '@shelfstream/blob-store';
import { loadConfig } from '@shelfstream/config';
import { recordCaptureEvent } from '@shelfstream/db';
import { isStageError } from '@shelfstream/errors';
import { createLogger } from '@shelfstream/observability';
import { testStackEnvironment, uniqueName } from '@shelfstream/testkit';
import { scoringConfig } from '../../src/config.js';
import { ArchivalJob } from '../../src/tracker/archival-job.js';
import { createTestDatabase, type TestDatabase } from './harness.js';

// Regression (issue 13): scoring's archival had only a file:// store (BLOB_STORE_DIR), so S3 blobs were never
// deleted. It now builds its store from the shared BLOB_STORE_URL and S3_* settings, like every other stage.
const stack = testStackEnvironment();
const config = loadConfig(scoringConfig, {
  ...stack,
  BLOB_STORE_URL: `s3://${stack['S3_BUCKET'] ?? 'shelfstream'}/${uniqueName('archival')}`,
});
let store: BlobStore;
let database: TestDatabase;

before(async () => {
  store = createBlobStoreFromConfig(config);
  database = await createTestDatabase(uniqueName('archival-s3'), 2);
});

after(async () => {
  if (store instanceof S3BlobStore) store.close();
  await database?.drop();
});

test('archival deletes the S3 blobs of a capture scored before the retention period', async () => {
  assert.ok(store instanceof S3BlobStore);
  const { uri } = await store.put(randomBytes(256), 'image/jpeg');
  const captureId = uniqueName('cap');
  const scoredAt = Date.now() - 60_000;
  const source = (offset: string) => ({ topic: 'archival-test', partition: 0, offset });
  await recordCaptureEvent(
    database.pool,
    { captureId, state: 'INGESTED', occurredAt: scoredAt - 1000, detail: null, blobUris: [uri] },
    source('1'),
  );
  await recordCaptureEvent(
    database.pool,
    { captureId, state: 'SCORED', occurredAt: scoredAt, detail: null },
    source('2'),
  );

  const job = new ArchivalJob({
    pool: database.pool,
    blobStore: store,
    retentionMs: 1000,
    intervalMs: 60_000,
    batchSize: 10,
    logger: createLogger({ service: 'archival-test', level: 'warn' }),
  });
  const run = await job.runOnce();

  assert.deepEqual(run, { archived: 1, blobsDeleted: 1, failed: 0 });
  await assert.rejects(store.get(uri), (err) => isStageError(err) && err.code === 'BLOB_NOT_FOUND');
});
