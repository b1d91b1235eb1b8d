import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type AlignmentStep, alignShelf, alignShelfLatest } from './align-shelf.js';
import { WEIGHT_UNIT } from './confidence-weight.js';

const ones = (n: number) => Array.from({ length: n }, () => WEIGHT_UNIT);
const matches = (steps: readonly AlignmentStep[]) =>
  steps.flatMap((s) => (s.kind === 'match' ? [[s.expected, s.detected]] : []));

test('matches a run as far right as possible: planned A A A B, seen A A B', () => {
  const planned = ['A', 'A', 'A', 'B'];
  const detected = ['A', 'A', 'B'];
  const latest = alignShelfLatest(planned, detected, ones(3));
  assert.deepEqual(latest.steps, [
    { kind: 'missing', expected: 0 },
    { kind: 'match', expected: 1, detected: 0, weight: WEIGHT_UNIT },
    { kind: 'match', expected: 2, detected: 1, weight: WEIGHT_UNIT },
    { kind: 'match', expected: 3, detected: 2, weight: WEIGHT_UNIT },
  ]);
  assert.deepEqual(
    matches(alignShelf(planned, detected, ones(3)).steps),
    [
      [0, 0],
      [1, 1],
      [3, 2],
    ],
    'the earliest alignment leaves slot 2 missing instead',
  );
  assert.equal(latest.matchedWeight, 3 * WEIGHT_UNIT);
});

test('maps extras and weights back to the original indices', () => {
  // Planned A B B, seen X B A B (weights 0.5, 1, 1, 0.9): A + B and B + B weigh the same.
  const weights = [500_000, 1_000_000, 1_000_000, 900_000];
  const latest = alignShelfLatest(['A', 'B', 'B'], ['X', 'B', 'A', 'B'], weights);
  const earliest = alignShelf(['A', 'B', 'B'], ['X', 'B', 'A', 'B'], weights);
  assert.equal(latest.matchedWeight, earliest.matchedWeight);
  assert.equal(latest.matchedWeight, 1_900_000);
  assert.deepEqual(matches(earliest.steps), [
    [0, 2],
    [1, 3],
  ]);
  assert.deepEqual(latest.steps, [
    { kind: 'missing', expected: 0 },
    { kind: 'extra', detected: 0 },
    { kind: 'match', expected: 1, detected: 1, weight: 1_000_000 },
    { kind: 'extra', detected: 2 },
    { kind: 'match', expected: 2, detected: 3, weight: 900_000 },
  ]);
});

test('an empty side: every step is missing or extra', () => {
  assert.deepEqual(alignShelfLatest(['A', 'B'], [], []), {
    steps: [
      { kind: 'missing', expected: 0 },
      { kind: 'missing', expected: 1 },
    ],
    matchedWeight: 0,
  });
  assert.deepEqual(alignShelfLatest([], ['A', null], ones(2)), {
    steps: [
      { kind: 'extra', detected: 0 },
      { kind: 'extra', detected: 1 },
    ],
    matchedWeight: 0,
  });
});

test('same matched weight as alignShelf, every index once left to right, the mirror image of alignShelf', () => {
  const sku = fc.constantFrom('A', 'B', 'C');
  fc.assert(
    fc.property(
      fc.array(sku, { maxLength: 9 }),
      fc.array(
        fc.record({
          sku: fc.oneof(sku, fc.constant(null)),
          weight: fc.integer({ min: 0, max: WEIGHT_UNIT }),
        }),
        {
          maxLength: 9,
        },
      ),
      (planned, seen) => {
        const detected = seen.map((d) => d.sku);
        const weights = seen.map((d) => d.weight);
        const earliest = alignShelf(planned, detected, weights);
        const latest = alignShelfLatest(planned, detected, weights);
        assert.equal(latest.matchedWeight, earliest.matchedWeight);
        const expected = latest.steps.flatMap((s) => (s.kind === 'extra' ? [] : [s.expected]));
        const found = latest.steps.flatMap((s) => (s.kind === 'missing' ? [] : [s.detected]));
        assert.deepEqual(
          expected,
          planned.map((_, i) => i),
        );
        assert.deepEqual(
          found,
          detected.map((_, j) => j),
        );
        let sum = 0;
        for (const s of latest.steps)
          if (s.kind === 'match') {
            assert.equal(planned[s.expected], detected[s.detected]);
            assert.equal(s.weight, weights[s.detected]);
            sum += s.weight;
          }
        assert.equal(sum, latest.matchedWeight);
        // Mirror image: the latest alignment of a shelf is the earliest of the shelf read right to left.
        const mirrored = alignShelf([...planned].reverse(), [...detected].reverse(), [...weights].reverse());
        assert.deepEqual(
          matches(latest.steps).reverse(),
          matches(mirrored.steps).map(([i, j]) => [planned.length - 1 - i!, detected.length - 1 - j!]),
        );
      },
    ),
    { numRuns: 300 },
  );
});
