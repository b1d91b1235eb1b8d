import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Planogram } from './planogram.js';
import { planogramContentHash } from './planogram-content-hash.js';

const base: Planogram = {
  store_id: 'store-1',
  aisle: 'A1',
  version: 1,
  fixture: 'GONDOLA',
  shelves: [{ facings: [{ sku: 'A', facings: 2 }] }, { facings: [{ sku: 'B', facings: 1 }] }],
  catalog: { A: { brand: 'Acme', size: '1 l' } },
};

test('gives the same hash whatever the order of object keys', () => {
  const reordered = JSON.parse(
    '{"shelves":[{"facings":[{"facings":2,"sku":"A"}]},{"facings":[{"facings":1,"sku":"B"}]}],' +
      '"catalog":{"A":{"size":"1 l","brand":"Acme"}},"fixture":"GONDOLA","version":1,"aisle":"A1","store_id":"store-1"}',
  ) as Planogram;
  assert.equal(planogramContentHash(reordered), planogramContentHash(base));
});

test('ignores version and $schema so re-publishing identical content is a detectable no-op', () => {
  const republished: Planogram = { ...base, version: 7, $schema: '../planogram.schema.json' };
  assert.equal(planogramContentHash(republished), planogramContentHash(base));
});

test('changes when a facing count, the shelf order or the catalog changes', () => {
  const hashes = new Set([
    planogramContentHash(base),
    planogramContentHash({ ...base, shelves: [{ facings: [{ sku: 'A', facings: 3 }] }, base.shelves[1]!] }),
    planogramContentHash({ ...base, shelves: [base.shelves[1]!, base.shelves[0]!] }),
    planogramContentHash({ ...base, catalog: { A: { brand: 'Other' } } }),
    planogramContentHash({ ...base, aisle: 'A2' }),
  ]);
  assert.equal(hashes.size, 5);
});

test('is a lowercase hex SHA-256', () => {
  assert.match(planogramContentHash(base), /^[0-9a-f]{64}$/);
});
