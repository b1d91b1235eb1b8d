/**
 * The claim-check blob store: images live here, records carry URIs. Keys are content addresses (`sha256/<hex>`).
 *
 * @example
 * const store = new FsBlobStore('/var/lib/shelfstream/blobs');
 * const { uri } = await store.put(jpegBytes, 'image/jpeg');
 * const bytes = await store.get(uri);
 */
export type { BlobInfo, BlobStore } from './blob-store.js';
export { contentAddress } from './content-address.js';
export { FsBlobStore } from './fs-blob-store.js';
export { type BlobReasonCode, BlobReasons } from './reasons.js';
