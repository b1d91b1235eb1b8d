import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ScoringReasons } from './reasons.js';

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
