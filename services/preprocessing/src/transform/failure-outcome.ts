import { deadLetter, isStageError, type Outcome, retry } from '@shelfstream/errors';
import { type PreprocessReason, PreprocessReasons } from '../reasons.js';

// Codes of the vision and blob-store packages, mapped onto this stage's vocabulary.
const MAPPED: Readonly<Record<string, PreprocessReason>> = {
  VISION_UNSUPPORTED_FORMAT: 'PREPROCESS_UNSUPPORTED_FORMAT',
  VISION_PIXEL_LIMIT_EXCEEDED: 'PREPROCESS_PIXEL_LIMIT_EXCEEDED',
  VISION_TRUNCATED: 'PREPROCESS_IMAGE_TRUNCATED',
  VISION_DECODE_FAILED: 'PREPROCESS_DECODE_FAILED',
  BLOB_NOT_FOUND: 'PREPROCESS_BLOB_NOT_FOUND',
  BLOB_URI_INVALID: 'PREPROCESS_BLOB_URI_INVALID',
  BLOB_UNAVAILABLE: 'PREPROCESS_BLOB_UNAVAILABLE',
};

/**
 * The outcome of a record whose processing threw: a retry for transient blob-store failures, a dead letter for
 * everything else. An error without a known code is not retriable (STYLE.md): it is dead-lettered as
 * PREPROCESS_UNEXPECTED_ERROR rather than failing the whole batch.
 */
export function toFailureOutcome<Out>(err: unknown): Outcome<Out, PreprocessReason> {
  const error = err instanceof Error ? err : new Error(String(err));
  const code = isStageError(err) ? MAPPED[err.code] : undefined;
  if (code === undefined) return deadLetter('PREPROCESS_UNEXPECTED_ERROR', error);
  return PreprocessReasons[code].retriable ? retry(code, error) : deadLetter(code, error);
}
