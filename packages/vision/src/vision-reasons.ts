import { defineReasons } from '@shelfstream/errors';

/**
 * Why an image could not be decoded. None is retriable: the same bytes fail the same way. Stages map these onto
 * their own codes (e.g. preprocessing's `PREPROCESS_*`).
 */
export const VisionReasons = defineReasons({
  VISION_UNSUPPORTED_FORMAT: {
    retriable: false,
    description: 'the magic bytes are not JPEG, PNG or WebP',
  },
  VISION_PIXEL_LIMIT_EXCEEDED: {
    retriable: false,
    description: 'the header declares more pixels than the limit (decompression bomb); nothing was decoded',
  },
  VISION_TRUNCATED: {
    retriable: false,
    description: 'the image data ends early (truncated upload or copy)',
  },
  VISION_DECODE_FAILED: {
    retriable: false,
    description: 'the decoder rejected the image (corrupt or malformed data)',
  },
});

/** One of {@link VisionReasons}. */
export type VisionReasonCode = keyof typeof VisionReasons;
