import { pathToFileURL } from 'node:url';
import { ConfigError, maskUrlPasswords } from '@shelfstream/config';
import type { BlobStore } from './blob-store.js';
import { type BlobStoreSettings, DEFAULT_BLOB_STORE_URL } from './blob-store-config.js';
import { createBlobStore, type S3ConnectionOptions } from './create-blob-store.js';

/**
 * Creates the blob store a service's settings name (see `blobStoreConfig`): the one way every stage builds its
 * store, so ingestion, preprocessing, inference and scoring all serve `file://` and `s3://` alike.
 * Throws {@link ConfigError} when `BLOB_STORE_URL` and the deprecated `BLOB_STORE_DIR` disagree (a start-up failure).
 *
 * @example
 * const config = loadConfig({ ...blobStoreConfig, ...own });
 * const store = createBlobStoreFromConfig(config);
 */
export function createBlobStoreFromConfig(settings: BlobStoreSettings): BlobStore {
  return createBlobStore(toBlobStoreUrl(settings), toS3Connection(settings));
}

/**
 * The store URL the settings name: `BLOB_STORE_URL`, else `file://` + the deprecated `BLOB_STORE_DIR`, else
 * {@link DEFAULT_BLOB_STORE_URL}. Throws {@link ConfigError} naming both variables when they are set and disagree.
 */
export function toBlobStoreUrl(settings: Pick<BlobStoreSettings, 'blobStoreUrl' | 'blobStoreDir'>): string {
  const { blobStoreUrl, blobStoreDir } = settings;
  const fromDir = blobStoreDir === undefined ? undefined : pathToFileURL(blobStoreDir).href;
  if (blobStoreUrl === undefined) return fromDir ?? DEFAULT_BLOB_STORE_URL;
  if (
    fromDir !== undefined &&
    withoutTrailingSlash(new URL(blobStoreUrl).href) !== withoutTrailingSlash(fromDir)
  ) {
    throw new ConfigError([
      {
        variable: 'BLOB_STORE_DIR',
        message: `deprecated alias of BLOB_STORE_URL names another store (${fromDir} vs BLOB_STORE_URL ${maskUrlPasswords(blobStoreUrl)}): unset BLOB_STORE_DIR`,
      },
    ]);
  }
  return blobStoreUrl;
}

/** The S3 connection options of the settings (endpoint, region, credentials); also for reading foreign buckets. */
export function toS3Connection(settings: BlobStoreSettings): S3ConnectionOptions {
  return {
    region: settings.s3Region,
    ...(settings.s3Endpoint ? { endpoint: settings.s3Endpoint } : {}),
    ...(settings.s3AccessKeyId ? { accessKeyId: settings.s3AccessKeyId } : {}),
    ...(settings.s3SecretAccessKey ? { secretAccessKey: settings.s3SecretAccessKey } : {}),
  };
}

function withoutTrailingSlash(href: string): string {
  return href.endsWith('/') ? href.slice(0, -1) : href;
}
