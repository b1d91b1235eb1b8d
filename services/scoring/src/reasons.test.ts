import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { deadLetter } from '@shelfstream/errors';
import { ScoringReasons } from './reasons.js';
import type { ScoringOutcome } from './stage.js';

test("the README's reason table lists every registry code with its retriable flag", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const rows = [...readme.matchAll(/^\| `(SCORING_[A-Z_]+)` +\| (yes|no) +\|/gm)].map((m) => [
    m[1],
    m[2] === 'yes',
  ]);
  assert.deepEqual(
    rows,
    Object.entries(ScoringReasons).map(([code, entry]) => [code, entry.retriable]),
  );
});

test('every scoring reason code is stage-prefixed', () => {
  for (const code of Object.keys(ScoringReasons)) assert.match(code, /^SCORING_/);
});

test('an outcome of the stage carries only a scoring reason code: a wrong one fails the typecheck', () => {
  // @ts-expect-error SCORING_NOT_A_CODE is not a ScoringReason (a regression guard: codes were typed `string`).
  const wrong: ScoringOutcome = deadLetter('SCORING_NOT_A_CODE', new Error('typed away'));
  const right: ScoringOutcome = deadLetter('SCORING_DETECTIONS_INVALID', new Error('negative size'));
  assert.equal(wrong.kind, right.kind);
});
