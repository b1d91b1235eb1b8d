import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shareOfShelf } from './share-of-shelf.js';

test('orders brands by facings, then by name, with the unknown brand last among equals', () => {
  const brands: Record<string, string> = { a: 'Beta', b: 'Alpha', c: 'Alpha' };
  const result = shareOfShelf(['a', 'b', 'x', null, 'a', 'c'], (sku) => brands[sku]);
  assert.deepEqual(result, [
    { brand: 'Alpha', facings: 2, share: 2 / 6 },
    { brand: 'Beta', facings: 2, share: 2 / 6 },
    { brand: null, facings: 2, share: 2 / 6 },
  ]);
});

test('is empty when nothing was detected', () => {
  assert.deepEqual(
    shareOfShelf([], () => 'X'),
    [],
  );
});
