import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rollupWindow } from './rollup-window.js';
import { rollupKey, toRollups } from './to-rollups.js';

const window = rollupWindow(Date.UTC(2026, 0, 5, 13, 30));

test('the rollup window is the UTC day of the capture', () => {
  assert.deepEqual(window, { start: Date.UTC(2026, 0, 5), end: Date.UTC(2026, 0, 6) });
});

test('keys aisle rollups store_id|aisle and store rollups store_id', () => {
  assert.equal(rollupKey('s1', 'A07'), 's1|A07');
  assert.equal(rollupKey('s1', null), 's1');
});

test('the store rollup averages the latest score of each aisle and sums their findings', () => {
  const rollups = toRollups(
    's1',
    'A1',
    window,
    [
      {
        aisle: 'A1',
        capturesScored: 3,
        degradedCaptures: 1,
        latestScore: 80,
        latestOutOfStock: 2,
        latestMisplaced: 1,
      },
      {
        aisle: 'A2',
        capturesScored: 1,
        degradedCaptures: 0,
        latestScore: 40,
        latestOutOfStock: 1,
        latestMisplaced: 0,
      },
    ],
    'cap-1',
    1234,
  );
  assert.equal(rollups.aisle.key, 's1|A1');
  assert.deepEqual(rollups.aisle.value, {
    store_id: 's1',
    window_start: window.start,
    window_end: window.end,
    last_capture_id: 'cap-1',
    updated_at: 1234,
    level: 'AISLE',
    aisle: 'A1',
    captures_scored: 3,
    degraded_captures: 1,
    mean_score: 80,
    out_of_stock_count: 2,
    misplaced_count: 1,
  });
  assert.equal(rollups.store.key, 's1');
  assert.equal(rollups.store.value.level, 'STORE');
  assert.equal(rollups.store.value.aisle, null);
  assert.equal(rollups.store.value.captures_scored, 4);
  assert.equal(rollups.store.value.degraded_captures, 1);
  assert.equal(rollups.store.value.mean_score, 60);
  assert.equal(rollups.store.value.out_of_stock_count, 3);
  assert.equal(rollups.store.value.misplaced_count, 1);
});

test('refuses to build rollups without a summary of the scored aisle', () => {
  assert.throws(() => toRollups('s1', 'A9', window, [], 'c', 0), /no summary for aisle A9/);
});
