import { defineReasons } from '@shelfstream/errors';

/**
 * Reason codes of the preprocessing stage. Decode and blob codes end up in DeadLetter.reason_code (or the retry
 * headers); BLURRY and LOW_RESOLUTION are degraded-quality flags carried in ImagePrepared.degraded_reasons and
 * RecaptureRequested.reasons. Never rename or reuse a code.
 */
export const PreprocessReasons = defineReasons({
  PREPROCESS_UNSUPPORTED_FORMAT: {
    retriable: false,
    description: 'the blob is not a JPEG, PNG or WebP by its magic bytes (dead-lettered)',
  },
  PREPROCESS_PIXEL_LIMIT_EXCEEDED: {
    retriable: false,
    description:
      'the image header declares more pixels than PREPROCESS_MAX_INPUT_PIXELS (decompression bomb; not decoded; dead-lettered)',
  },
  PREPROCESS_IMAGE_TRUNCATED: {
    retriable: false,
    description: 'the image data ends early: truncated upload or copy (dead-lettered)',
  },
  PREPROCESS_DECODE_FAILED: {
    retriable: false,
    description: 'the image is corrupt and cannot be decoded (dead-lettered)',
  },
  PREPROCESS_BLOB_NOT_FOUND: {
    retriable: false,
    description: 'the capture blob_uri names no stored object (dead-lettered)',
  },
  PREPROCESS_BLOB_URI_INVALID: {
    retriable: false,
    description: 'the capture blob_uri is not served by the configured blob store (dead-lettered)',
  },
  PREPROCESS_BLOB_UNAVAILABLE: {
    retriable: true,
    description: 'the blob store failed or timed out reading or writing (retried through the retry topic)',
  },
  PREPROCESS_UNEXPECTED_ERROR: {
    retriable: false,
    description: 'an error without a known code (a bug or a libvips failure); dead-lettered with its stack',
  },
  PREPROCESS_BLURRY: {
    retriable: false,
    description:
      'quality flag: Laplacian variance below PREPROCESS_BLUR_VARIANCE_MIN (DEGRADED lane + recapture request)',
  },
  PREPROCESS_LOW_RESOLUTION: {
    retriable: false,
    description: 'quality flag: both sides below PREPROCESS_MIN_SIDE_PX (DEGRADED lane + recapture request)',
  },
});

/** One of {@link PreprocessReasons}. */
export type PreprocessReason = keyof typeof PreprocessReasons;
