import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { deadLetter } from '@shelfstream/errors';
import { readmeReasonRows } from '@shelfstream/testkit';
import { httpStatusOf, type IngestionReason, IngestionReasons } from './reasons.js';
import type { AcceptOutcome } from './stage.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** HTTP column of the README's reason table, whatever the padding. */
function readmeHttpStatus(code: string): string | undefined {
  const cells = readme
    .split('\n')
    .map((line) => line.split('|').map((c) => c.trim()))
    .find((c) => c[1] === `\`${code}\`` && (c[2] === 'yes' || c[2] === 'no'));
  return cells?.[3];
}

test('every reason code is stage-prefixed and in the README table with its retriability and HTTP status', () => {
  const rows = readmeReasonRows(readme);
  for (const [code, entry] of Object.entries(IngestionReasons)) {
    assert.match(code, /^INGEST_[A-Z_]+$/);
    assert.equal(rows.get(code), entry.retriable ? 'yes' : 'no', `${code} retriable in README`);
    assert.equal(
      readmeHttpStatus(code),
      String(httpStatusOf(code as IngestionReason)),
      `${code} HTTP status`,
    );
  }
});

test('the README lists no ingestion reason code that the registry does not have', () => {
  const listed = [...readmeReasonRows(readme).keys()].filter((c) => c.startsWith('INGEST_'));
  assert.deepEqual(listed.sort(), Object.keys(IngestionReasons).sort());
});

test('auth refusals are 401/403, shedding is 429 and dependency outages 5xx', () => {
  assert.equal(httpStatusOf('INGEST_AUTH_INVALID'), 401);
  assert.equal(httpStatusOf('INGEST_AUTH_WRONG_STORE'), 403);
  assert.equal(httpStatusOf('INGEST_OVERLOADED'), 429);
  assert.equal(httpStatusOf('INGEST_DB_UNAVAILABLE'), 503);
  assert.equal(httpStatusOf('INGEST_METADATA_MISSING'), 400);
});

test('an outcome of the stage carries only an ingestion reason code: a wrong one fails the typecheck', () => {
  // @ts-expect-error INGEST_NOT_A_CODE is not an IngestionReason (a regression guard: codes were typed `string`).
  const wrong: AcceptOutcome = deadLetter('INGEST_NOT_A_CODE', new Error('typed away'));
  const right: AcceptOutcome = deadLetter('INGEST_IMAGE_EMPTY', new Error('an empty image'));
  assert.equal(wrong.kind, right.kind);
});
