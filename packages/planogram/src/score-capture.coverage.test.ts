import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  type LayoutFacing,
  perfectLayout,
  planogramOf,
  renderLayout,
  SHELF_PITCH,
} from '../test/support/render-layout.js';
import type { ComplianceResult } from './compliance-result.js';
import type { Detection } from './detection.js';
import { groupIntoShelves } from './group-into-shelves.js';
import type { Planogram } from './planogram.js';
import { type ScoreCaptureInput, scoreCapture } from './score-capture.js';

// Shelf 0: A B B B C, shelf 1: D D E E F. Both 5 slots of 60 px, boxes 50 px wide from x = 10 (see renderLayout).
const planogram = planogramOf([
  [
    ['A', 1],
    ['B', 3],
    ['C', 1],
  ],
  [
    ['D', 2],
    ['E', 2],
    ['F', 1],
  ],
]);
const FULL_WIDTH = 340; // boxes end at 300 +- 4 px: a 40 px margin
const HEIGHT = planogram.shelves.length * SHELF_PITCH;

const sku = (result: ComplianceResult, name: string) => {
  const found = result.skus.find((s) => s.sku === name);
  assert.ok(found, `no SKU entry for ${name}`);
  return found;
};

/** The boxes of `layout`, moved `dx` px right. */
const shift = (boxes: readonly Detection[], dx: number): Detection[] =>
  boxes.map((d) => ({ ...d, x1: d.x1 + dx, x2: d.x2 + dx }));

/**
 * A phone held too close: the photo loses one slot width at each end of the section (the first facing of every
 * shelf, the last one of the longest shelves); the first remaining box starts at x = 0 and the last one ends at the
 * image's right edge.
 */
function centralCrop(p: Planogram, seed = 11): { detections: Detection[]; imageWidth: number } {
  const layout = perfectLayout(p);
  const lastSlot = Math.max(...layout.map((f) => f.position));
  const boxes = renderLayout(layout, seed).filter((_, i) => {
    const f = layout[i]!;
    return f.position > 0 && f.position < lastSlot;
  });
  const left = Math.min(...boxes.map((d) => d.x1));
  const detections = shift(boxes, -left);
  return { detections, imageWidth: Math.max(...detections.map((d) => d.x2)) };
}

function score(detections: Detection[], extra: Partial<ScoreCaptureInput> = {}, p: Planogram = planogram) {
  return scoreCapture({ planogram: p, detections, identity: 'sku', imageHeight: HEIGHT, ...extra });
}

test('a central crop of a perfect layout scores 100 on what is in view', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const { detections, imageWidth } = centralCrop(planogram, seed);
    const result = score(detections, { imageWidth });
    assert.equal(result.score, 100, `seed ${seed}`);
    assert.equal(result.partial, true);
    assert.equal(result.partialReason, 'OUT_OF_FRAME');
    // A and C (shelf 0 ends), one D, and F (shelf 1 ends) are cut off: 4 of 10 slots.
    assert.equal(result.facingsExpected, 10);
    assert.equal(result.facingsNotSeen, 4);
    assert.equal(result.coverage, 0.6);
    assert.deepEqual(
      result.shelves.map((s) => [s.facingsNotSeen, s.compliance, s.missing, s.notSeen, s.misplaced]),
      [
        [2, 100, [], ['A', 'C'], []],
        [2, 100, [], ['F'], []],
      ],
    );
    for (const cut of ['A', 'C', 'F']) {
      const entry = sku(result, cut);
      assert.deepEqual(
        [entry.notSeen, entry.outOfStock, entry.facingsNotSeen, entry.facingsFound, entry.missingOnShelves],
        [true, false, 1, 0, []],
        `${cut}, seed ${seed}`,
      );
    }
    // D lost one of its two facings to the frame: seen, not out of stock, nothing misplaced.
    assert.deepEqual(
      [sku(result, 'D').notSeen, sku(result, 'D').outOfStock, sku(result, 'D').facingsNotSeen],
      [false, false, 1],
    );
    assert.ok(result.skus.every((s) => !s.misplaced && !s.unexpected && !s.outOfStock));
  }
});

test('without imageWidth the same crop scores as before: the cut SKUs are out of stock', () => {
  const { detections } = centralCrop(planogram);
  const result = score(detections);
  assert.equal(result.score, 60);
  assert.equal(result.partial, false);
  assert.equal(result.partialReason, null);
  assert.equal(result.coverage, 1);
  assert.equal(result.facingsNotSeen, 0);
  assert.deepEqual(
    result.shelves.map((s) => [s.compliance, s.missing, s.notSeen]),
    [
      [60, ['A', 'C'], []],
      [60, ['F'], []],
    ],
  );
  for (const cut of ['A', 'C', 'F'])
    assert.deepEqual([sku(result, cut).outOfStock, sku(result, cut).notSeen], [true, false]);
});

test('with identity none the crop is scored by count as before, nothing out of frame', () => {
  const { detections, imageWidth } = centralCrop(planogram);
  const result = score(detections, { identity: 'none', imageWidth });
  assert.deepEqual(
    [result.score, result.partialReason, result.coverage, result.facingsNotSeen],
    [60, 'NO_SKU_IDENTITY', 1, 0],
  );
  assert.ok(result.shelves.every((s) => s.facingsNotSeen === 0 && s.notSeen.length === 0));
});

test('a SKU really out of stock at the start of a shelf in full view stays out of stock', () => {
  const layout = perfectLayout(planogram).filter((f) => f.sku !== 'A');
  const result = score(renderLayout(layout, 11), { imageWidth: FULL_WIDTH });
  assert.deepEqual(
    [result.score, result.coverage, result.facingsNotSeen, result.partial, result.partialReason],
    [90, 1, 0, false, null],
  );
  assert.deepEqual(
    [sku(result, 'A').outOfStock, sku(result, 'A').notSeen, sku(result, 'A').facingsNotSeen],
    [true, false, 0],
  );
  assert.deepEqual(result.shelves[0]?.missing, ['A']);
  assert.deepEqual(result.shelves[0]?.notSeen, []);
});

test('a SKU out of stock at the end of a shelf in full view stays out of stock', () => {
  const layout = perfectLayout(planogram).filter((f) => f.sku !== 'F');
  const result = score(renderLayout(layout, 11), { imageWidth: FULL_WIDTH });
  assert.deepEqual([result.score, result.coverage, sku(result, 'F').outOfStock], [90, 1, true]);
});

test('a run one facing short at the edge of a full view stays missing', () => {
  // Shelf 1 planned D D E E F; the first D is gone, its empty place in the photo.
  const firstD = perfectLayout(planogram).findIndex((f) => f.sku === 'D');
  const layout = perfectLayout(planogram).filter((_, i) => i !== firstD);
  const result = score(renderLayout(layout, 11), { imageWidth: FULL_WIDTH });
  assert.deepEqual([result.score, result.coverage, result.shelves[1]?.compliance], [90, 1, 80]);
});

test('a photo of the lower shelves only: the top shelf is out of frame, not out of stock', () => {
  // Three shelves; the photo shows shelves 1 and 2 filling its height (shelf 1 boxes touch the top edge).
  const three = planogramOf([
    [['G', 3]],
    [
      ['D', 2],
      ['E', 1],
    ],
    [['F', 3]],
  ]);
  const boxes = renderLayout(perfectLayout(three), 5).filter((d) => d.sku !== 'G');
  const top = Math.min(...boxes.map((d) => d.y1));
  const detections = boxes.map((d) => ({ ...d, y1: d.y1 - top, y2: d.y2 - top }));
  const imageHeight = Math.max(...detections.map((d) => d.y2)) + 10;
  // The bands put the rows on shelves 0 and 2; their content, on shelves 1 and 2.
  assert.deepEqual(
    groupIntoShelves(detections, 3, { imageHeight }).map((s) => s.length),
    [3, 0, 3],
  );
  const result = score(detections, { imageHeight, imageWidth: 250 }, three);
  assert.deepEqual(
    result.shelves.map((s) => [s.facingsDetected, s.facingsNotSeen, s.compliance]),
    [
      [0, 3, 100],
      [3, 0, 100],
      [3, 0, 100],
    ],
  );
  assert.deepEqual([result.score, result.coverage, result.partialReason], [100, 1 - 3 / 9, 'OUT_OF_FRAME']);
  assert.deepEqual(
    [sku(result, 'G').notSeen, sku(result, 'G').outOfStock, sku(result, 'G').facingsNotSeen],
    [true, false, 3],
  );
  // The same photo without its height: rows stay on their shelves by content, shelf 0 counts as empty.
  const unknown = score(detections, { imageHeight: undefined, imageWidth: 250 }, three);
  assert.deepEqual(
    unknown.shelves.map((s) => s.facingsDetected),
    [0, 3, 3],
  );
  assert.deepEqual([unknown.coverage, sku(unknown, 'G').outOfStock], [1, true]);
});

test('a photo of the upper shelves only: the bottom shelf is out of frame', () => {
  // The bands would put the two rows on shelves 0 and 2; their content puts them on shelves 0 and 1.
  const three = planogramOf([
    [['G', 3]],
    [
      ['D', 2],
      ['E', 1],
    ],
    [['F', 3]],
  ]);
  const detections = renderLayout(perfectLayout(three), 5).filter((d) => d.sku !== 'F');
  const imageHeight = Math.max(...detections.map((d) => d.y2)) + 5;
  assert.deepEqual(
    groupIntoShelves(detections, 3, { imageHeight }).map((s) => s.length),
    [3, 0, 3],
  );
  const result = score(detections, { imageHeight, imageWidth: 250 }, three);
  assert.deepEqual(
    result.shelves.map((s) => [s.facingsDetected, s.facingsNotSeen]),
    [
      [3, 0],
      [3, 0],
      [0, 3],
    ],
  );
  assert.deepEqual([result.score, sku(result, 'F').notSeen, sku(result, 'F').outOfStock], [100, true, false]);
});

test('known limit: SKUs out of stock at the end of a shelf, the frame tight on what is left, count as not seen', () => {
  // One shelf A A B B C; C is out of stock and the photo ends right after the last B. From the photo alone C
  // could be just beyond the edge: it is taken for out of frame.
  const one = planogramOf([
    [
      ['A', 2],
      ['B', 2],
      ['C', 1],
    ],
  ]);
  const detections = renderLayout(
    perfectLayout(one).filter((f) => f.sku !== 'C'),
    3,
  );
  const tight = score(detections, { imageWidth: Math.max(...detections.map((d) => d.x2)) + 5 }, one);
  assert.deepEqual(
    [tight.score, tight.coverage, sku(tight, 'C').notSeen, sku(tight, 'C').outOfStock],
    [100, 0.8, true, false],
  );
  // A facing's width more of photo shows C's empty place: out of stock.
  const roomy = score(detections, { imageWidth: Math.max(...detections.map((d) => d.x2)) + 55 }, one);
  assert.deepEqual([roomy.score, roomy.coverage, sku(roomy, 'C').outOfStock], [80, 1, true]);
});

test('an empty top shelf with its space in the photo is out of stock', () => {
  const three = planogramOf([
    [['G', 3]],
    [
      ['D', 2],
      ['E', 1],
    ],
    [['F', 3]],
  ]);
  const detections = renderLayout(perfectLayout(three), 5).filter((d) => d.sku !== 'G');
  const result = score(detections, { imageHeight: 3 * SHELF_PITCH, imageWidth: 250 }, three);
  assert.deepEqual(
    [result.coverage, sku(result, 'G').outOfStock, sku(result, 'G').notSeen],
    [1, true, false],
  );
  assert.equal(result.score, (100 * 6) / 9);
});

/** Planograms of 1-4 shelves of 1-4 runs of 1-3 facings, SKUs from a small pool (SKUs repeat across shelves). */
const planogramArb: fc.Arbitrary<Planogram> = fc
  .array(
    fc.array(fc.tuple(fc.constantFrom('P0', 'P1', 'P2', 'P3', 'P4', 'P5'), fc.integer({ min: 1, max: 3 })), {
      minLength: 1,
      maxLength: 4,
    }),
    {
      minLength: 1,
      maxLength: 4,
    },
  )
  .map(planogramOf);

test('property: a full view with margins has coverage 1, whatever is out of stock', () => {
  fc.assert(
    fc.property(
      planogramArb,
      fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
      // A margin under CLIPPED_BOX (17.5 px here) is a tight frame: see the known-limit test below.
      fc.integer({ min: 25, max: 120 }),
      fc.integer({ min: 25, max: 120 }),
      fc.integer({ min: 1, max: 1000 }),
      (p, keep, marginLeft, marginRight, seed) => {
        const layout: LayoutFacing[] = perfectLayout(p).filter((_, i) => keep[i % keep.length]);
        const slots = Math.max(...p.shelves.map((s) => s.facings.reduce((n, r) => n + r.facings, 0)));
        // renderLayout puts the first box at x = 10 (+-4) and the last one ends at 10 + 60 * slots - 10 (+-4).
        const detections = shift(renderLayout(layout, seed), marginLeft);
        const imageWidth = marginLeft + 60 * slots + marginRight;
        const result = score(detections, { imageWidth, imageHeight: p.shelves.length * SHELF_PITCH }, p);
        assert.equal(result.coverage, 1);
        assert.equal(result.facingsNotSeen, 0);
        assert.equal(result.partial, false);
        assert.ok(
          result.skus.every(
            (s) => !s.notSeen && s.outOfStock === (s.facingsExpected > 0 && s.facingsFound === 0),
          ),
        );
        // And the score is the one without the image width.
        assert.equal(
          result.score,
          score(detections, { imageHeight: p.shelves.length * SHELF_PITCH }, p).score,
        );
      },
    ),
    { numRuns: 200 },
  );
});

test('property: a perfect layout cropped at both ends scores 100', () => {
  fc.assert(
    fc.property(planogramArb, fc.integer({ min: 1, max: 1000 }), (p, seed) => {
      fc.pre(p.shelves.every((s) => s.facings.reduce((n, r) => n + r.facings, 0) >= 3));
      const { detections, imageWidth } = centralCrop(p, seed);
      const result = score(detections, { imageWidth, imageHeight: p.shelves.length * SHELF_PITCH }, p);
      assert.equal(result.score, 100);
      assert.ok(result.coverage < 1);
      assert.equal(result.partialReason, 'OUT_OF_FRAME');
      assert.ok(result.skus.every((s) => !s.outOfStock));
    }),
    { numRuns: 150 },
  );
});
