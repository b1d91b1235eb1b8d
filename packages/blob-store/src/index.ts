/**
 * The claim-check blob store: images live here, records carry URIs. Keys are content addresses (`sha256/<hex>`).
 * A service spreads {@link blobStoreConfig} into its config (BLOB_STORE_URL, S3_*) and builds its store from it.
 *
 * @example
 * const config = loadConfig(defineConfig({ ...blobStoreConfig, ...own }));
 * const store = createBlobStoreFromConfig(config); // or createBlobStore('s3://shelfstream/captures', { endpoint })
 * const { uri } = await store.put(jpegBytes, 'image/jpeg');
 * const bytes = await store.get(uri);
 */
export type { BlobInfo, BlobStore } from './blob-store.js';
export { type BlobStoreSettings, blobStoreConfig, DEFAULT_BLOB_STORE_URL } from './blob-store-config.js';
export { contentAddress, contentAddressOf } from './content-address.js';
export { createBlobStore, type S3ConnectionOptions } from './create-blob-store.js';
export {
  createBlobStoreFromConfig,
  toBlobStoreUrl,
  toS3Connection,
} from './create-blob-store-from-config.js';
export { FsBlobStore } from './fs-blob-store.js';
export { type BlobReasonCode, BlobReasons } from './reasons.js';
export { S3BlobStore, type S3BlobStoreOptions } from './s3-blob-store.js';
