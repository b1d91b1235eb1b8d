import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alignShelf, alignShelfLatest } from '../align-shelf.js';
import { WEIGHT_UNIT } from '../confidence-weight.js';
import {
  CLIPPED_BOX,
  type Frame,
  frameOf,
  IN_VIEW_SLACK,
  shelvesOutOfFrame,
  slotsOutOfFrame,
} from './frame-edges.js';
import type { PlacedDetection } from './placed-detection.js';

const FACING = 50;
const SLOT = 60;

/** A box `FACING` wide starting at `x1`, standing on the line `bottom` (height 150). */
function box(sku: string | null, x1: number, bottom = 180, width = FACING): PlacedDetection {
  const y1 = bottom - 150;
  return { x1, y1, x2: x1 + width, y2: bottom, sku, score: 0.9, cx: x1 + width / 2, cy: (y1 + bottom) / 2 };
}

/** Boxes of `skus` side by side, one `SLOT` apart, the first starting at `left`. */
function row(skus: readonly (string | null)[], left: number, bottom = 180): PlacedDetection[] {
  return skus.map((sku, i) => box(sku, left + i * SLOT, bottom));
}

const rightEdge = (boxes: readonly PlacedDetection[]) => Math.max(...boxes.map((d) => d.x2));

/** `slotsOutOfFrame` the way `scoreShelfBySku` calls it: earliest and latest alignment of the same shelf. */
function cut(planned: readonly string[], boxes: readonly PlacedDetection[], width: number | undefined) {
  const skus = boxes.map((d) => d.sku);
  const weights = boxes.map(() => WEIGHT_UNIT);
  const frame: Frame = frameOf(width, 1000, boxes);
  return slotsOutOfFrame(
    planned.length,
    alignShelf(planned, skus, weights).steps,
    alignShelfLatest(planned, skus, weights).steps,
    boxes,
    frame,
  );
}

test('the constants are the documented ones', () => {
  assert.equal(IN_VIEW_SLACK, 0.2);
  assert.equal(CLIPPED_BOX, 0.35);
});

test('a run one facing short at a clipped left edge: that facing is out of frame', () => {
  const boxes = row(['A', 'A', 'B', 'B'], 0);
  assert.deepEqual(cut(['A', 'A', 'A', 'B', 'B'], boxes, rightEdge(boxes) + 60), { left: 1, right: 0 });
  // Still clipped a third of a facing from the edge.
  const near = row(['A', 'A', 'B', 'B'], 0.3 * FACING);
  assert.deepEqual(cut(['A', 'A', 'A', 'B', 'B'], near, rightEdge(near) + 60), { left: 1, right: 0 });
});

test('a run one facing short at a clipped right edge: that facing is out of frame', () => {
  const boxes = row(['A', 'A', 'B', 'B'], 70);
  assert.deepEqual(cut(['A', 'A', 'B', 'B', 'B'], boxes, rightEdge(boxes)), { left: 0, right: 1 });
});

test('a run one facing short with visible space beside it stays missing', () => {
  for (const space of [FACING, 0.5 * FACING, 0.4 * FACING, 2 * FACING]) {
    const boxes = row(['A', 'A', 'B', 'B'], space);
    assert.deepEqual(
      cut(['A', 'A', 'A', 'B', 'B'], boxes, rightEdge(boxes) + 60),
      { left: 0, right: 0 },
      `space ${space}`,
    );
  }
});

test('a whole planned SKU missing at the right end is out of frame as far as the space cannot hold it', () => {
  const planned = ['A', 'A', 'B', 'B', 'C', 'C'];
  const boxes = row(['A', 'A', 'B', 'B'], 70);
  const right = (space: number) => cut(planned, boxes, rightEdge(boxes) + space).right;
  assert.equal(right(0.6 * FACING), 2, 'less than 0.8 facing of space: both C slots out of frame');
  assert.equal(right(0.79 * FACING), 2);
  assert.equal(right(0.8 * FACING), 1, '0.8 facing holds one slot');
  assert.equal(right(1.5 * FACING), 1);
  assert.equal(right(1.8 * FACING), 0, 'about two facings: both in view');
  assert.equal(right(2 * FACING), 0, 'two facings of space: C is in view and out of stock');
  assert.equal(cut(planned, boxes, rightEdge(boxes) + 0.6 * FACING).left, 0);
});

test('a whole planned SKU missing at the left end is out of frame as far as the space cannot hold it', () => {
  const planned = ['C', 'A', 'A', 'B'];
  const left = (space: number) => {
    const boxes = row(['A', 'A', 'B'], space);
    return cut(planned, boxes, rightEdge(boxes) + 100);
  };
  assert.deepEqual(left(0.5 * FACING), { left: 1, right: 0 });
  assert.deepEqual(left(FACING), { left: 0, right: 0 });
});

test('detections left of the first match fill slots in view', () => {
  // Planned C C A A, seen X A A at the clipped left edge: X stands on one of the C slots.
  const boxes = row(['X', 'A', 'A'], 0);
  assert.deepEqual(cut(['C', 'C', 'A', 'A'], boxes, rightEdge(boxes) + 100), { left: 1, right: 0 });
});

test('a shelf with no match, or an unknown width, has no slot out of frame', () => {
  const unknown = row(['X', 'Y'], 0);
  assert.deepEqual(cut(['A', 'A', 'B'], unknown, rightEdge(unknown)), { left: 0, right: 0 });
  assert.deepEqual(cut(['A', 'A', 'B'], [], 500), { left: 0, right: 0 });
  const clipped = row(['A', 'B'], 0);
  assert.deepEqual(cut(['C', 'A', 'B', 'D'], clipped, rightEdge(clipped)), { left: 1, right: 1 });
  assert.deepEqual(cut(['C', 'A', 'B', 'D'], clipped, undefined), { left: 0, right: 0 });
  assert.deepEqual(cut(['C', 'A', 'B', 'D'], clipped, 0), { left: 0, right: 0 }, 'a width of 0 is unknown');
});

test('never more slots out of frame than the slots no match fills', () => {
  // One A, both edges clipped: the earliest alignment puts it on slot 0, the latest on slot 2.
  const one = [box('A', 0)];
  const { left, right } = cut(['A', 'A', 'A'], one, FACING);
  assert.equal(left + right, 2);
});

test('the facing is the narrower of the shelf median box and the capture median box', () => {
  const planned = ['A', 'A', 'B', 'B', 'C', 'C'];
  const boxes = row(['A', 'A', 'B', 'B'], 70);
  const skus = boxes.map((d) => d.sku);
  const weights = boxes.map(() => WEIGHT_UNIT);
  const at = (facingWidth: number) =>
    slotsOutOfFrame(
      planned.length,
      alignShelf(planned, skus, weights).steps,
      alignShelfLatest(planned, skus, weights).steps,
      boxes,
      { width: rightEdge(boxes) + 60, height: undefined, facingWidth },
    ).right;
  assert.equal(at(FACING), 1, '60 px of space is 1.2 facings of 50 px');
  assert.equal(at(30), 0, 'the capture boxes are 30 px wide: 60 px holds both C slots');
  assert.equal(at(200), 1, 'a wider capture facing does not widen this shelf');
});

/** Shelves of boxes; `bottoms[s]` is the shelf line of shelf s, undefined for an empty shelf. */
function shelves(bottoms: readonly (number | undefined)[]): PlacedDetection[][] {
  return bottoms.map((bottom) => (bottom === undefined ? [] : row(['A', 'B', 'C'], 20, bottom)));
}

const frame = (height: number | undefined): Frame => ({ width: 500, height, facingWidth: FACING });

test('an empty top shelf is out of frame when the next row touches the top edge', () => {
  // Boxes 150 px high, pitch 200 px (from the two filled shelves); shelf 1 boxes start at y = 5.
  const grouped = shelves([undefined, 155, 355]);
  assert.deepEqual([...shelvesOutOfFrame(grouped, frame(400), 187.5)], [0]);
});

test('an empty top shelf with a full pitch of space above the next row is in view', () => {
  const grouped = shelves([undefined, 350, 550]);
  assert.deepEqual([...shelvesOutOfFrame(grouped, frame(600), 187.5)], []);
  // 80 % of a pitch (160 px) is in view; less is not.
  assert.deepEqual([...shelvesOutOfFrame(shelves([undefined, 310, 510]), frame(600), 187.5)], []);
  assert.deepEqual([...shelvesOutOfFrame(shelves([undefined, 300, 500]), frame(600), 187.5)], [0]);
});

test('two empty top shelves: as many are out of frame as the space above cannot hold', () => {
  assert.deepEqual(
    [...shelvesOutOfFrame(shelves([undefined, undefined, 155, 355]), frame(400), 187.5)],
    [0, 1],
  );
  assert.deepEqual([...shelvesOutOfFrame(shelves([undefined, undefined, 355, 555]), frame(600), 187.5)], [0]);
});

test('an empty bottom shelf is out of frame when the last row touches the bottom edge', () => {
  const grouped = shelves([180, 380, undefined]);
  assert.deepEqual([...shelvesOutOfFrame(grouped, frame(385), 187.5)], [2]);
  assert.deepEqual([...shelvesOutOfFrame(grouped, frame(600), 187.5)], []);
});

test('an empty middle shelf is never out of frame', () => {
  const grouped = shelves([155, undefined, 555]);
  assert.deepEqual([...shelvesOutOfFrame(grouped, frame(560), 187.5)], []);
});

test('one filled shelf: the pitch is the box pitch', () => {
  const grouped = shelves([undefined, 200]);
  // Boxes from y = 50: 0.4 of a 125 px box pitch above them (out of frame), 0.83 of a 60 px one (in view).
  assert.deepEqual([...shelvesOutOfFrame(grouped, frame(210), 125)], [0]);
  assert.deepEqual([...shelvesOutOfFrame(grouped, frame(210), 60)], []);
});

test('no shelf is out of frame with the height unknown or nothing detected', () => {
  assert.deepEqual([...shelvesOutOfFrame(shelves([undefined, 155, 355]), frame(undefined), 187.5)], []);
  assert.deepEqual([...shelvesOutOfFrame(shelves([undefined, undefined]), frame(400), 187.5)], []);
  assert.deepEqual(frameOf(undefined, -1, []), { width: undefined, height: undefined, facingWidth: 0 });
});
