import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  NOTHING_COMMITTED,
  positionAfter,
  toCommittedPosition,
  uncommittedRecords,
} from './committed-position.js';

const records = ['7', '8', '9', '10'].map((offset) => ({ offset }));

test('a chunk redelivered across its committed position keeps only the records at or after it', () => {
  assert.deepEqual(uncommittedRecords(records, 9n), [{ offset: '9' }, { offset: '10' }]);
});

test('a chunk that was committed in full keeps no record', () => {
  assert.deepEqual(uncommittedRecords(records, 11n), []);
});

test('a chunk at or after the committed position keeps every record', () => {
  assert.deepEqual(uncommittedRecords(records, 7n), records);
  assert.deepEqual(uncommittedRecords(records, NOTHING_COMMITTED), records);
});

test('offsets compare as numbers, not as strings', () => {
  assert.deepEqual(uncommittedRecords([{ offset: '10' }], 9n), [{ offset: '10' }]);
  assert.deepEqual(uncommittedRecords([{ offset: '9' }], 10n), []);
});

test("a chunk commits the offset after its last record; an OffsetFetch's -1 means nothing committed", () => {
  assert.equal(positionAfter('41'), 42n);
  assert.equal(positionAfter('9007199254740993'), 9007199254740994n);
  assert.equal(toCommittedPosition('-1'), NOTHING_COMMITTED);
  assert.equal(toCommittedPosition(undefined), NOTHING_COMMITTED);
  assert.equal(toCommittedPosition('12'), 12n);
});
