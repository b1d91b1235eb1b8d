import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type KeyRecords, recordCount, tallyRecord } from './compliance-count.js';

test('tallies first scores and re-scores of a key apart', () => {
  const records = new Map<string, KeyRecords>();
  tallyRecord(records, 'a', null);
  tallyRecord(records, 'a', { tier: 'REMOTE', supersededTier: 'EDGE' });
  tallyRecord(records, 'b', null);
  tallyRecord(records, 'b', null);
  assert.deepEqual(records.get('a'), { first: 1, rescores: [{ tier: 'REMOTE', supersededTier: 'EDGE' }] });
  assert.deepEqual(records.get('b'), { first: 2, rescores: [] });
  assert.deepEqual([recordCount(records.get('a')), recordCount(records.get('z'))], [2, 0]);
});
