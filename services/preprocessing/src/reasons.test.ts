import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { deadLetter } from '@shelfstream/errors';
import { PreprocessReasons } from './reasons.js';
import type { toFailureOutcome } from './transform/failure-outcome.js';

test('the README reason-code table lists exactly the registry, with the same retriable flags', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const rows = [...readme.matchAll(/^\| `(PREPROCESS_[A-Z_]+)`\s*\| (yes|no)\s*\|/gm)].map((m) => [
    m[1],
    m[2] === 'yes',
  ]);
  const registry = Object.entries(PreprocessReasons).map(([code, entry]) => [code, entry.retriable]);
  assert.deepEqual(rows, registry);
});

test('only blob-store unavailability is retriable', () => {
  const retriable = Object.entries(PreprocessReasons)
    .filter(([, e]) => e.retriable)
    .map(([code]) => code);
  assert.deepEqual(retriable, ['PREPROCESS_BLOB_UNAVAILABLE']);
});

test('an outcome of the stage carries only a preprocessing reason code: a wrong one fails the typecheck', () => {
  type PreprocessOutcome = ReturnType<typeof toFailureOutcome>;
  // @ts-expect-error PREPROCESS_NOT_A_CODE is not a PreprocessReason (a regression guard: codes were typed `string`).
  const wrong: PreprocessOutcome = deadLetter('PREPROCESS_NOT_A_CODE', new Error('typed away'));
  const right: PreprocessOutcome = deadLetter('PREPROCESS_DECODE_FAILED', new Error('corrupt'));
  assert.equal(wrong.kind, right.kind);
});
