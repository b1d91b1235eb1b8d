import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confidenceWeight } from '../confidence-weight.js';
import { placeRowsByContent } from './place-rows-by-content.js';
import type { PlacedDetection } from './placed-detection.js';

/** A row of boxes, one per SKU, left to right (the vertical position does not matter here). */
function row(skus: readonly (string | null)[], score = 0.9): PlacedDetection[] {
  return skus.map((sku, i) => ({
    x1: i * 60,
    y1: 0,
    x2: i * 60 + 50,
    y2: 150,
    sku,
    score,
    cx: i * 60 + 25,
    cy: 75,
  }));
}

const weightsOf = (shelf: readonly PlacedDetection[]) => shelf.map((d) => confidenceWeight(d.score));
const skus = (shelves: readonly (readonly PlacedDetection[])[]) => shelves.map((s) => s.map((d) => d.sku));

const planned = [
  ['A', 'A', 'B'],
  ['C', 'C', 'D'],
  ['E', 'F', 'F'],
];

test('moves rows the band placement put on the wrong shelves to the shelves their content fits', () => {
  // The photo shows shelves 1 and 2; the bands put the two rows on shelves 0 and 1.
  const placed = placeRowsByContent([row(['C', 'C', 'D']), row(['E', 'F', 'F']), []], planned, weightsOf);
  assert.deepEqual(skus(placed), [[], ['C', 'C', 'D'], ['E', 'F', 'F']]);
  // And the other way: the bands put shelf 0's row on shelf 1.
  const up = placeRowsByContent([[], row(['A', 'B']), []], planned, weightsOf);
  assert.deepEqual(skus(up), [['A', 'B'], [], []]);
});

test('a better consecutive placement wins by any margin of matched weight', () => {
  // On shelf 0 the row matches B (weight 0.2 / 0.5 = 0.4); on shelf 1 it matches D (0.5 / 0.5 = 1).
  const given = [[...row(['B'], 0.2), ...row(['D'], 0.5)], [], []];
  assert.deepEqual(skus(placeRowsByContent(given, planned, weightsOf)), [[], ['B', 'D'], []]);
});

test('a tie keeps the given placement', () => {
  const same = [
    ['A', 'A'],
    ['A', 'A'],
    ['A', 'A'],
  ];
  for (const at of [0, 1, 2]) {
    const given = [0, 1, 2].map((s) => (s === at ? row(['A', 'A']) : []));
    assert.deepEqual(
      placeRowsByContent(given, same, weightsOf).map((s) => s.length),
      [0, 1, 2].map((s) => (s === at ? 2 : 0)),
      `row on shelf ${at}`,
    );
  }
  // A row that matches nowhere stays where it is, not on shelf 0.
  assert.deepEqual(skus(placeRowsByContent([[], [], row(['X', 'Y'])], planned, weightsOf)), [
    [],
    [],
    ['X', 'Y'],
  ]);
});

test('keeps a given placement with an empty middle shelf when no consecutive one fits better', () => {
  const given = [row(['A', 'A', 'B']), [], row(['E', 'F', 'F'])];
  assert.deepEqual(skus(placeRowsByContent(given, planned, weightsOf)), [
    ['A', 'A', 'B'],
    [],
    ['E', 'F', 'F'],
  ]);
});

test('leaves a grouping with every shelf filled, or none, unchanged', () => {
  // Rows in the wrong order: only the number of rows is re-placed, never their order.
  const full = [row(['E', 'F', 'F']), row(['C', 'C', 'D']), row(['A', 'A', 'B'])];
  assert.deepEqual(placeRowsByContent(full, planned, weightsOf), full);
  assert.deepEqual(placeRowsByContent([[], [], []], planned, weightsOf), [[], [], []]);
});

test('keeps the rows in their top-to-bottom order', () => {
  // Shelf 2's row above shelf 0's: no placement keeps the order and fits either, so nothing moves.
  const placed = placeRowsByContent([row(['E', 'F', 'F']), row(['A', 'A', 'B']), []], planned, weightsOf);
  assert.deepEqual(skus(placed), [['E', 'F', 'F'], ['A', 'A', 'B'], []]);
  const shifted = placeRowsByContent([row(['A', 'A', 'B']), row(['E', 'F', 'F']), []], planned, weightsOf);
  assert.deepEqual(
    skus(shifted),
    [['A', 'A', 'B'], ['E', 'F', 'F'], []],
    'weight 3 on shelves 0-1 ties 3 on 1-2',
  );
});
