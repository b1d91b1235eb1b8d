import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StageError } from '@shelfstream/errors';
import { toFailureOutcome } from './failure-outcome.js';

const err = (code: string, retriable: boolean) => new StageError(code, code, { retriable });

test('maps decode failures to permanent preprocessing codes', () => {
  assert.deepEqual(
    (
      [
        'VISION_UNSUPPORTED_FORMAT',
        'VISION_PIXEL_LIMIT_EXCEEDED',
        'VISION_TRUNCATED',
        'VISION_DECODE_FAILED',
      ] as const
    ).map((code) => {
      const outcome = toFailureOutcome(err(code, false));
      return outcome.kind === 'dead-letter' ? outcome.code : outcome.kind;
    }),
    [
      'PREPROCESS_UNSUPPORTED_FORMAT',
      'PREPROCESS_PIXEL_LIMIT_EXCEEDED',
      'PREPROCESS_IMAGE_TRUNCATED',
      'PREPROCESS_DECODE_FAILED',
    ],
  );
});

test('a transient blob-store failure is retried and a missing blob is dead-lettered', () => {
  const cause = err('BLOB_UNAVAILABLE', true);
  assert.deepEqual(toFailureOutcome(cause), {
    kind: 'retry',
    code: 'PREPROCESS_BLOB_UNAVAILABLE',
    error: cause,
  });
  const missing = toFailureOutcome(err('BLOB_NOT_FOUND', false));
  assert.equal(missing.kind, 'dead-letter');
  assert.equal(missing.kind === 'dead-letter' && missing.code, 'PREPROCESS_BLOB_NOT_FOUND');
});

test('an error without a known code is dead-lettered as PREPROCESS_UNEXPECTED_ERROR, never retried', () => {
  const outcome = toFailureOutcome(new TypeError('boom'));
  assert.equal(outcome.kind, 'dead-letter');
  assert.equal(outcome.kind === 'dead-letter' && outcome.code, 'PREPROCESS_UNEXPECTED_ERROR');
  assert.equal(toFailureOutcome(err('SOMETHING_ELSE', true)).kind, 'dead-letter');
});
