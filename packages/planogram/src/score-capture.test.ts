import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type LayoutFacing,
  perfectLayout,
  planogramOf,
  renderLayout,
  SHELF_PITCH,
} from '../test/support/render-layout.js';
import type { Planogram } from './planogram.js';
import { type ScoreCaptureInput, scoreCapture } from './score-capture.js';

const planogram = planogramOf([
  [
    ['A', 3],
    ['B', 2],
  ],
  [
    ['C', 2],
    ['D', 4],
  ],
]);

function score(
  facings: readonly LayoutFacing[],
  extra: Partial<ScoreCaptureInput> = {},
  p: Planogram = planogram,
) {
  return scoreCapture({
    planogram: p,
    detections: renderLayout(facings, 11),
    identity: 'sku',
    imageHeight: p.shelves.length * SHELF_PITCH,
    ...extra,
  });
}

const sku = (result: ReturnType<typeof scoreCapture>, name: string) => {
  const found = result.skus.find((s) => s.sku === name);
  assert.ok(found, `no SKU entry for ${name}`);
  return found;
};

test('scores a shelf laid out exactly as planned 100 %', () => {
  const result = score(perfectLayout(planogram));
  assert.equal(result.score, 100);
  assert.equal(result.partial, false);
  assert.deepEqual(
    result.shelves.map((s) => [s.compliance, s.facingsMatched, s.missing, s.misplaced, s.unexpected]),
    [
      [100, 5, [], [], []],
      [100, 6, [], [], []],
    ],
  );
  assert.ok(result.skus.every((s) => !s.outOfStock && !s.misplaced && !s.unexpected));
});

test('removing k facings of a SKU leaves exactly (E - k) / E on its shelf', () => {
  for (let k = 1; k <= 4; k++) {
    let removed = 0;
    const layout = perfectLayout(planogram).filter((f) => !(f.sku === 'D' && removed++ < k));
    const result = score(layout);
    const E = 6;
    assert.equal(result.shelves[1]?.compliance, (100 * (E - k)) / E, `k = ${k}`);
    assert.equal(result.shelves[0]?.compliance, 100);
    assert.equal(result.score, (100 * (11 - k)) / 11);
    assert.equal(sku(result, 'D').facingsFound, 4 - k);
    assert.equal(sku(result, 'D').outOfStock, k === 4, `k = ${k}`);
    assert.deepEqual(result.shelves[1]?.missing, k === 4 ? ['D'] : []);
  }
});

test('flags the SKU planned further right as misplaced when two SKUs swap places', () => {
  // Shelf 0 planned A A A B B; photographed B B A A A.
  const layout = perfectLayout(planogram).map((f) =>
    f.shelf === 0 ? { ...f, position: f.sku === 'B' ? f.position - 3 : f.position + 2 } : f,
  );
  const result = score(layout);
  assert.equal(result.shelves[0]?.compliance, 60);
  assert.deepEqual(result.shelves[0]?.misplaced, [{ sku: 'B', facings: 2 }]);
  assert.deepEqual(result.shelves[0]?.missing, []);
  assert.deepEqual([sku(result, 'A').misplaced, sku(result, 'A').facingsMatched], [false, 3]);
  assert.deepEqual(
    [sku(result, 'B').misplaced, sku(result, 'B').facingsMisplaced, sku(result, 'B').outOfStock],
    [true, 2, false],
  );
  assert.deepEqual(sku(result, 'B').misplacedOnShelves, [0]);
});

test('a SKU moved to another shelf is misplaced there and missing where it was planned', () => {
  const layout = perfectLayout(planogram).map((f) =>
    f.sku === 'B' ? { ...f, shelf: 1, position: f.position + 3 } : f,
  );
  const result = score(layout);
  const b = sku(result, 'B');
  assert.deepEqual(
    [b.outOfStock, b.misplaced, b.facingsFound, b.facingsMatched, b.missingOnShelves, b.misplacedOnShelves],
    [false, true, 2, 0, [0], [1]],
  );
  assert.deepEqual(result.shelves[0]?.missing, ['B']);
  assert.deepEqual(result.shelves[1]?.misplaced, [{ sku: 'B', facings: 2 }]);
  assert.equal(result.shelves[0]?.compliance, 60);
  assert.equal(result.shelves[1]?.compliance, 100);
});

test('a SKU the planogram does not list is unexpected', () => {
  const result = score([...perfectLayout(planogram), { shelf: 1, position: 6, sku: 'ZZ-NEW', score: 0.9 }]);
  assert.equal(result.score, 100);
  assert.deepEqual(result.shelves[1]?.unexpected, [{ sku: 'ZZ-NEW', facings: 1 }]);
  assert.deepEqual(result.skus.at(-1), {
    sku: 'ZZ-NEW',
    facingsExpected: 0,
    facingsFound: 1,
    facingsMatched: 0,
    facingsMisplaced: 0,
    facingsNotSeen: 0,
    outOfStock: false,
    notSeen: false,
    misplaced: false,
    unexpected: true,
    missingOnShelves: [],
    misplacedOnShelves: [],
  });
});

test('counts a detection without SKU as unidentified, never as a match', () => {
  const layout = perfectLayout(planogram).map((f) =>
    f.sku === 'C' && f.position === 0 ? { ...f, sku: null } : f,
  );
  const result = score(layout);
  assert.equal(result.shelves[1]?.unidentified, 1);
  assert.equal(result.shelves[1]?.facingsMatched, 5);
  assert.equal(sku(result, 'C').facingsFound, 1);
});

test('weights a matched facing by min(1, score / confidenceFloor)', () => {
  const layout = perfectLayout(planogram).map((f) => (f.sku === 'A' ? { ...f, score: 0.2 } : f));
  const result = score(layout, { confidenceFloor: 0.4 });
  assert.equal(result.shelves[0]?.matchedWeight, 3 * 0.5 + 2);
  assert.equal(result.shelves[0]?.facingsMatched, 5);
  assert.equal(result.shelves[0]?.compliance, 70);
  assert.throws(() => score(layout, { confidenceFloor: 0 }), RangeError);
});

test('heuristic detections without identity give a partial, count-based score', () => {
  // Shelf 0 has 4 of 5 facings, shelf 1 has 8 of 6: the surplus does not make up for the shortfall.
  const layout: LayoutFacing[] = [
    ...Array.from({ length: 4 }, (_, position) => ({ shelf: 0, position, sku: null, score: 0.9 })),
    ...Array.from({ length: 8 }, (_, position) => ({ shelf: 1, position, sku: null, score: 0.9 })),
  ];
  const result = score(layout, { identity: 'none' });
  assert.equal(result.partial, true);
  assert.equal(result.partialReason, 'NO_SKU_IDENTITY');
  assert.deepEqual(result.skus, []);
  assert.deepEqual(
    result.shelves.map((s) => [s.compliance, s.facingsMatched, s.unidentified, s.missing.length]),
    [
      [80, 4, 4, 0],
      [100, 6, 8, 0],
    ],
  );
  assert.equal(result.score, (100 * 10) / 11);
  assert.deepEqual(result.shareOfShelf, [{ brand: null, facings: 12, share: 1 }]);
});

test('share of shelf uses the brands map first, then the catalog, then null', () => {
  const withCatalog: Planogram = { ...planogram, catalog: { A: { brand: 'Acme' }, C: { brand: 'Cee' } } };
  const layout = [...perfectLayout(withCatalog), { shelf: 1, position: 6, sku: 'constructor', score: 0.9 }];
  const result = score(layout, { brands: { C: 'Override' } }, withCatalog);
  assert.deepEqual(result.shareOfShelf, [
    { brand: null, facings: 7, share: 7 / 12 },
    { brand: 'Acme', facings: 3, share: 3 / 12 },
    { brand: 'Override', facings: 2, share: 2 / 12 },
  ]);
});

test('scores an empty capture 0 % with every planned SKU out of stock', () => {
  const result = score([]);
  assert.equal(result.score, 0);
  assert.ok(result.skus.every((s) => s.outOfStock));
  assert.deepEqual(result.shareOfShelf, []);
  assert.deepEqual(result.shelves[0]?.missing, ['A', 'B']);
});

test('counts boxes with non-finite coordinates as ignored', () => {
  const detections = [
    ...renderLayout(perfectLayout(planogram), 2),
    { x1: Number.POSITIVE_INFINITY, y1: 0, x2: 1, y2: 1, sku: 'A', score: 1 },
  ];
  const result = scoreCapture({ planogram, detections, identity: 'sku' });
  assert.equal(result.ignoredDetections, 1);
  assert.equal(result.score, 100);
});
