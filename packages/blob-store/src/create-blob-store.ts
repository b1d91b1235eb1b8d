import { fileURLToPath } from 'node:url';
import type { BlobStore } from './blob-store.js';
import { FsBlobStore } from './fs-blob-store.js';
import { S3BlobStore, type S3BlobStoreOptions } from './s3-blob-store.js';

/** S3 connection settings for {@link createBlobStore}; bucket and prefix come from the URL. */
export type S3ConnectionOptions = Omit<S3BlobStoreOptions, 'bucket' | 'prefix'>;

/**
 * Creates the blob store a URL names: `file:///abs/path` gives an {@link FsBlobStore} rooted there,
 * `s3://bucket/prefix` an {@link S3BlobStore} using `s3Options` for the endpoint and credentials.
 * Throws a RangeError for any other scheme (a start-up configuration bug).
 */
export function createBlobStore(url: string, s3Options: S3ConnectionOptions = {}): BlobStore {
  const parsed = new URL(url);
  if (parsed.protocol === 'file:') return new FsBlobStore(fileURLToPath(parsed));
  if (parsed.protocol === 's3:') {
    if (parsed.hostname === '') throw new RangeError(`blob store URL ${url} names no bucket`);
    return new S3BlobStore({
      ...s3Options,
      bucket: parsed.hostname,
      prefix: parsed.pathname.replace(/^\/+/, ''),
    });
  }
  throw new RangeError(`blob store URL ${url}: scheme must be file: or s3:`);
}
