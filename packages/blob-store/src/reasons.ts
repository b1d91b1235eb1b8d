import { defineReasons } from '@shelfstream/errors';

/** Reason codes of the blob store (used by every stage that reads or writes images). */
export const BlobReasons = defineReasons({
  BLOB_NOT_FOUND: { retriable: false, description: 'the blob URI names no stored object' },
  BLOB_UNAVAILABLE: {
    retriable: true,
    description: 'the blob store did not answer or failed (network, 5xx, disk)',
  },
  BLOB_URI_INVALID: { retriable: false, description: 'the URI is not one this blob store serves' },
});

/** One of {@link BlobReasons}. */
export type BlobReasonCode = keyof typeof BlobReasons;
