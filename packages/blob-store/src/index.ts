/**
 * The claim-check blob store: images live here, records carry URIs. Keys are content addresses (`sha256/<hex>`).
 *
 * @example
 * const store = createBlobStore('s3://shelfstream/captures', { endpoint: 'http://127.0.0.1:18090' });
 * const { uri } = await store.put(jpegBytes, 'image/jpeg');
 * const bytes = await store.get(uri);
 */
export type { BlobInfo, BlobStore } from './blob-store.js';
export { contentAddress } from './content-address.js';
export { createBlobStore, type S3ConnectionOptions } from './create-blob-store.js';
export { FsBlobStore } from './fs-blob-store.js';
export { type BlobReasonCode, BlobReasons } from './reasons.js';
export { S3BlobStore, type S3BlobStoreOptions } from './s3-blob-store.js';
