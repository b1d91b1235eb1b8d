import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alignShelf } from './align-shelf.js';
import { WEIGHT_UNIT } from './confidence-weight.js';

const ones = (n: number): number[] => Array.from({ length: n }, () => WEIGHT_UNIT);
const kinds = (planned: string[], detected: (string | null)[], weights = ones(detected.length)): string =>
  alignShelf(planned, detected, weights)
    .steps.map((s) =>
      s.kind === 'match'
        ? planned[s.expected]
        : s.kind === 'missing'
          ? `-${planned[s.expected]}`
          : `+${detected[s.detected]}`,
    )
    .join(' ');

test('matches every facing of a shelf laid out as planned', () => {
  const r = alignShelf(['A', 'A', 'B'], ['A', 'A', 'B'], ones(3));
  assert.equal(r.matchedWeight, 3 * WEIGHT_UNIT);
  assert.deepEqual(
    r.steps.map((s) => s.kind),
    ['match', 'match', 'match'],
  );
});

test('leaves planned slots missing when facings are gone, keeping the order of the rest', () => {
  assert.equal(kinds(['A', 'A', 'B', 'C'], ['A', 'C']), 'A -A -B C');
});

test('does not match a facing found out of planned order', () => {
  assert.equal(kinds(['A', 'B', 'C'], ['A', 'C', 'B']), 'A +C B -C');
});

test('keeps the SKU planned further left when two SKUs trade places', () => {
  assert.equal(kinds(['A', 'A', 'B', 'B'], ['B', 'B', 'A', 'A']), '+B +B A A -B -B');
  assert.equal(kinds(['A', 'B', 'C'], ['C', 'B', 'A']), '+C +B A -B -C');
});

test('prefers the alignment with the larger confidence-weighted total', () => {
  // A third A at 0.4 (weight 0.8) versus a second L at full weight: the heavier path wins.
  const planned = ['A', 'A', 'A', 'L', 'L'];
  const detected = ['A', 'A', 'L', 'A', 'L'];
  const weights = [WEIGHT_UNIT, WEIGHT_UNIT, WEIGHT_UNIT, 800_000, WEIGHT_UNIT];
  assert.equal(kinds(planned, detected, weights), 'A A -A L +A L');
  assert.equal(alignShelf(planned, detected, weights).matchedWeight, 4 * WEIGHT_UNIT);
});

test('never aligns a detection without SKU to a planned slot', () => {
  assert.equal(kinds(['A'], [null]), '+null -A');
});

test('handles empty sequences on either side', () => {
  assert.deepEqual(alignShelf([], [], []).steps, []);
  assert.equal(kinds(['A'], []), '-A');
  assert.equal(kinds([], ['A']), '+A');
});
