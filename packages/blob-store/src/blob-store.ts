/** Metadata of a stored blob. */
export interface BlobInfo {
  /** The blob's URI: `file:///.../sha256/<hex>` or `s3://<bucket>/<prefix>sha256/<hex>`. */
  readonly uri: string;
  /** Lowercase hex sha256 of the bytes: the content address. */
  readonly sha256: string;
  readonly byteSize: number;
}

/**
 * Where images live outside Kafka (claim check). Keys are content addresses (`sha256/<hex>`), so a write of the same
 * bytes is idempotent and a retry can never store two copies.
 */
export interface BlobStore {
  /** Stores bytes under their content address; storing existing content is a no-op that returns the same URI. */
  put(bytes: Buffer, contentType: string): Promise<BlobInfo>;
  /** Reads a blob by URI. Throws StageError BLOB_NOT_FOUND (permanent) or BLOB_UNAVAILABLE (transient). */
  get(uri: string): Promise<Buffer>;
  /**
   * What is stored at a content-addressed URI, without reading it: the sha256 from the address, the size from the
   * store (stat, HEAD). Throws StageError BLOB_URI_INVALID (not this store's, or not a content address), BLOB_NOT_FOUND
   * or BLOB_UNAVAILABLE.
   */
  describe(uri: string): Promise<BlobInfo>;
  /** Deletes a blob (archival); deleting a missing blob is not an error. */
  delete(uri: string): Promise<void>;
  /** True when this store owns the URI's scheme and location. */
  owns(uri: string): boolean;
}
