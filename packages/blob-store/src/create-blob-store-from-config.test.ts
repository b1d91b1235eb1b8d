import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ConfigError, loadConfig } from '@shelfstream/config';
import { blobStoreConfig, DEFAULT_BLOB_STORE_URL } from './blob-store-config.js';
import {
  createBlobStoreFromConfig,
  toBlobStoreUrl,
  toS3Connection,
} from './create-blob-store-from-config.js';
import { FsBlobStore } from './fs-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

const HEX = 'a'.repeat(64);

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    return err as ConfigError;
  }
  assert.fail('expected a ConfigError');
}

test('with nothing set every stage gets the same file store and S3 region', () => {
  const settings = loadConfig(blobStoreConfig, {});
  assert.equal(toBlobStoreUrl(settings), DEFAULT_BLOB_STORE_URL);
  assert.deepEqual(toS3Connection(settings), { region: 'us-east-1' });
  const store = createBlobStoreFromConfig(settings);
  assert.ok(store instanceof FsBlobStore);
  assert.equal(store.owns(`${DEFAULT_BLOB_STORE_URL}/sha256/${HEX}`), true);
});

test('an s3 BLOB_STORE_URL gives a bucket store connected with the S3_* settings', () => {
  const settings = loadConfig(blobStoreConfig, {
    BLOB_STORE_URL: 's3://shelf/captures',
    S3_ENDPOINT: 'http://127.0.0.1:1',
    S3_REGION: 'eu-west-1',
    S3_ACCESS_KEY_ID: 'id',
    S3_SECRET_ACCESS_KEY: 'secret',
  });
  assert.deepEqual(toS3Connection(settings), {
    region: 'eu-west-1',
    endpoint: 'http://127.0.0.1:1',
    accessKeyId: 'id',
    secretAccessKey: 'secret',
  });
  const store = createBlobStoreFromConfig(settings);
  assert.ok(store instanceof S3BlobStore);
  assert.equal(store.owns(`s3://shelf/captures/sha256/${HEX}`), true);
  store.close();
});

test('a BLOB_STORE_URL that is no file or s3 store is refused at start-up, naming the variable', () => {
  for (const bad of ['http://example.com/blobs', 's3:///prefix', 'file://host/blobs', 'blobs']) {
    const err = configError(() => loadConfig(blobStoreConfig, { BLOB_STORE_URL: bad }));
    assert.equal(err.code, 'CONFIG_INVALID', bad);
    assert.deepEqual(
      err.issues.map((i) => i.variable),
      ['BLOB_STORE_URL'],
      bad,
    );
  }
});

test('a bad S3_ENDPOINT and a relative BLOB_STORE_DIR are listed together in one error', () => {
  const err = configError(() =>
    loadConfig(blobStoreConfig, { S3_ENDPOINT: 's3proxy:80', BLOB_STORE_DIR: 'blobs' }),
  );
  assert.equal(err.code, 'CONFIG_INVALID');
  assert.deepEqual(err.issues.map((i) => i.variable).sort(), ['BLOB_STORE_DIR', 'S3_ENDPOINT']);
});

test('the deprecated BLOB_STORE_DIR alone still names a file store (scoring before issue 13)', () => {
  const settings = loadConfig(blobStoreConfig, { BLOB_STORE_DIR: '/srv/blobs' });
  assert.equal(toBlobStoreUrl(settings), 'file:///srv/blobs');
  assert.equal(createBlobStoreFromConfig(settings).owns(`file:///srv/blobs/sha256/${HEX}`), true);
});

test('BLOB_STORE_DIR agreeing with BLOB_STORE_URL is accepted (the demo mesh sets both)', () => {
  const settings = loadConfig(blobStoreConfig, {
    BLOB_STORE_URL: 'file:///srv/blobs/',
    BLOB_STORE_DIR: '/srv/blobs',
  });
  assert.equal(toBlobStoreUrl(settings), 'file:///srv/blobs/');
});

test('BLOB_STORE_DIR naming another store than BLOB_STORE_URL is refused at start-up, naming the variable', () => {
  const settings = loadConfig(blobStoreConfig, {
    BLOB_STORE_URL: 's3://shelf',
    BLOB_STORE_DIR: '/srv/blobs',
  });
  const err = configError(() => createBlobStoreFromConfig(settings));
  assert.equal(err.code, 'CONFIG_INVALID');
  assert.deepEqual(
    err.issues.map((i) => i.variable),
    ['BLOB_STORE_DIR'],
  );
});
