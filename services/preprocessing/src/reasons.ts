import { defineReasons } from '@shelfstream/errors';

/**
 * Reason codes of the preprocessing stage. Decode and blob codes end up in DeadLetter.reason_code (or the retry
 * headers); BLURRY, LOW_RESOLUTION and the exposure flags (TOO_DARK, TOO_BRIGHT, HIGHLIGHTS_CLIPPED, LOW_CONTRAST)
 * are degraded-quality flags carried in ImagePrepared.degraded_reasons and
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
  PREPROCESS_TOO_DARK: {
    retriable: false,
    description: 'quality flag: mean luma below PREPROCESS_DARK_MEAN_MAX (DEGRADED lane + recapture request)',
  },
  PREPROCESS_TOO_BRIGHT: {
    retriable: false,
    description:
      'quality flag: mean luma above PREPROCESS_BRIGHT_MEAN_MIN (DEGRADED lane + recapture request)',
  },
  PREPROCESS_HIGHLIGHTS_CLIPPED: {
    retriable: false,
    description:
      'quality flag: share of pixels at luma >= 239 above PREPROCESS_CLIPPED_FRACTION_MAX, glare (DEGRADED lane + recapture request)',
  },
  PREPROCESS_LOW_CONTRAST: {
    retriable: false,
    description:
      'quality flag: luma standard deviation below PREPROCESS_CONTRAST_STDDEV_MIN (DEGRADED lane + recapture request)',
  },
});

/** One of {@link PreprocessReasons}. */
export type PreprocessReason = keyof typeof PreprocessReasons;
