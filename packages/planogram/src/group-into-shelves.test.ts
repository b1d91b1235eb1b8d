import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderLayout, SHELF_PITCH, seededRandom } from '../test/support/render-layout.js';
import type { Detection } from './detection.js';
import { groupIntoShelves } from './group-into-shelves.js';

/** Layout of `counts[s]` facings on shelf s, SKU named after its true shelf and position. */
function boxes(counts: number[], seed: number): Detection[] {
  const facings = counts.flatMap((n, shelf) =>
    Array.from({ length: n }, (_, position) => ({
      shelf,
      position,
      sku: `S${shelf}P${position}`,
      score: 0.9,
    })),
  );
  return renderLayout(facings, seed);
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const names = (shelves: readonly (readonly Detection[])[]): string[][] =>
  shelves.map((s) => s.map((d) => d.sku!));

test('recovers shelves and left-to-right order from noisy, shuffled boxes', () => {
  for (let seed = 1; seed <= 50; seed++) {
    const counts = [6, 4, 7, 5];
    const shelves = groupIntoShelves(shuffled(boxes(counts, seed), seed), 4);
    assert.deepEqual(
      names(shelves),
      counts.map((n, s) => Array.from({ length: n }, (_, p) => `S${s}P${p}`)),
      `seed ${seed}`,
    );
  }
});

test('leaves an empty middle shelf empty when only the gaps between rows tell', () => {
  const shelves = groupIntoShelves(boxes([3, 0, 4], 7), 3);
  assert.deepEqual(
    shelves.map((s) => s.length),
    [3, 0, 4],
  );
});

test('puts leftover empty shelves at the bottom when the image height is unknown', () => {
  const detections = boxes([0, 3, 2], 3);
  assert.deepEqual(
    groupIntoShelves(detections, 3).map((s) => s.length),
    [3, 2, 0],
  );
});

test('finds an empty top shelf when the image height is known', () => {
  const detections = boxes([0, 3, 2], 3);
  assert.deepEqual(
    groupIntoShelves(detections, 3, { imageHeight: 3 * SHELF_PITCH }).map((s) => s.length),
    [0, 3, 2],
  );
});

test('splits at the largest gaps when there are more rows than shelves', () => {
  // Four rendered rows with the last two pushed together: rows 2 and 3 share the bottom shelf.
  const detections = boxes([2, 2, 2, 2], 5).map((d) =>
    d.sku!.startsWith('S3') ? { ...d, y1: d.y1 - 0.6 * SHELF_PITCH, y2: d.y2 - 0.6 * SHELF_PITCH } : d,
  );
  assert.deepEqual(
    groupIntoShelves(detections, 3).map((s) => s.length),
    [2, 2, 4],
  );
});

test('returns empty shelves for no detections and drops boxes with non-finite coordinates', () => {
  assert.deepEqual(groupIntoShelves([], 2), [[], []]);
  const bad: Detection = { x1: Number.NaN, y1: 0, x2: 10, y2: 10, sku: 'X', score: 1 };
  const good: Detection = { x1: 0, y1: 0, x2: 10, y2: 10, sku: 'Y', score: 1 };
  assert.deepEqual(names(groupIntoShelves([bad, good], 1)), [['Y']]);
});

test('normalises boxes given with swapped corners', () => {
  const [shelf] = groupIntoShelves([{ x1: 10, y1: 20, x2: 0, y2: 0, sku: 'A', score: 1 }], 1);
  assert.deepEqual(
    shelf?.map((d) => [d.x1, d.y1, d.x2, d.y2, d.cx, d.cy]),
    [[0, 0, 10, 20, 5, 10]],
  );
});

test('rejects a shelf count below one', () => {
  assert.throws(() => groupIntoShelves([], 0), RangeError);
});
