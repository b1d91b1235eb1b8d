import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KeyRecords } from './compliance-count.js';
import {
  computeVerdict,
  formatLastLine,
  parseLastLine,
  UNDISTURBED_STATE,
  type VerdictInput,
} from './verdict.js';

/** One first score, then a re-score by each of `tiers` (each superseding an EDGE score). */
const scored = (first = 1, ...tiers: string[]): KeyRecords => ({
  first,
  rescores: tiers.map((tier) => ({ tier, supersededTier: 'EDGE' })),
});

const base: VerdictInput = {
  captureIds: ['a', 'b', 'c', 'd'],
  refusedIds: [],
  states: new Map([
    ['a', 'SCORED'],
    ['b', 'DEAD_LETTERED'],
    ['c', 'VERSION_DRIFT'],
    ['d', 'ARCHIVED'],
  ]),
  compliance: new Map([
    ['a', scored()],
    ['d', scored()],
  ]),
  groupLags: [
    { group: 'chaos.shelfstream.scoring', lag: 0 },
    { group: 'chaos.shelfstream.preprocessing', lag: 0 },
  ],
};

test('a run where every capture ended once in a terminal state and every lag is 0 is clean', () => {
  const v = computeVerdict(base);
  assert.deepEqual([v.lost, v.doubled, v.stuck, v.mismatched, v.ok], [0, 0, 0, 0, true]);
  assert.deepEqual(v.byState, { SCORED: 1, DEAD_LETTERED: 1, VERSION_DRIFT: 1, ARCHIVED: 1 });
});

test('counts a capture still in flight or unknown to the tracker as lost', () => {
  const states = new Map(base.states);
  states.set('b', 'PREPROCESSED');
  states.delete('c');
  const v = computeVerdict({ ...base, states });
  assert.equal(v.lost, 2);
  assert.deepEqual([...v.lostIds].sort(), ['b', 'c']);
  assert.equal(v.byState['MISSING'], 1);
  assert.equal(v.ok, false);
});

test('counts a capture scored in the tracker without a committed compliance record as lost', () => {
  const v = computeVerdict({ ...base, compliance: new Map([['d', scored()]]) });
  assert.deepEqual(v.lostIds, ['a']);
});

test('counts a gateway refusal of a sound capture as lost', () => {
  const v = computeVerdict({ ...base, refusedIds: ['z'] });
  assert.equal(v.lost, 1);
});

test('counts a capture with two committed first scores as doubled', () => {
  const v = computeVerdict({
    ...base,
    compliance: new Map([
      ['a', scored(2)],
      ['d', scored()],
    ]),
  });
  assert.deepEqual([v.doubled, v.doubledIds[0], v.ok], [1, 'a', false]);
});

test('a capture with one first score and one REMOTE re-score is re-scored, not doubled', () => {
  const v = computeVerdict({
    ...base,
    compliance: new Map([
      ['a', scored(1, 'REMOTE')],
      ['d', scored()],
    ]),
  });
  assert.deepEqual([v.doubled, v.rescored, v.rescoredIds, v.lost, v.ok], [0, 1, ['a'], 0, true]);
});

test('a capture with two REMOTE re-scores is doubled; re-scores by two tiers are not', () => {
  const v = computeVerdict({
    ...base,
    compliance: new Map([
      ['a', scored(1, 'REMOTE', 'REMOTE')],
      ['d', scored(1, 'EDGE', 'REMOTE')],
    ]),
  });
  assert.deepEqual([v.doubled, v.doubledIds, v.rescored, v.ok], [1, ['a'], 2, false]);
});

test('a scored capture with only a re-score is not lost; one with no record at all is', () => {
  const v = computeVerdict({ ...base, compliance: new Map([['a', scored(0, 'REMOTE')]]) });
  assert.deepEqual(v.lostIds, ['d']);
});

test('counts a consumer group with lag left as stuck', () => {
  const v = computeVerdict({ ...base, groupLags: [{ group: 'g', lag: 3 }] });
  assert.deepEqual([v.stuck, v.stuckGroups[0]], [1, 'g']);
});

test('flags a compliance record of a dead-lettered capture as mismatched', () => {
  const v = computeVerdict({ ...base, compliance: new Map([...base.compliance, ['b', scored()]]) });
  assert.deepEqual([v.mismatched, v.ok], [1, false]);
  const rescoredOnly = computeVerdict({
    ...base,
    compliance: new Map([...base.compliance, ['b', scored(0, 'REMOTE')]]),
  });
  assert.deepEqual(rescoredOnly.mismatchedIds, ['b'], 'a re-score of a capture not scored counts too');
});

test('the last line reads back as the counts it was printed from', () => {
  const line = formatLastLine({ lost: 2, doubled: 0, stuck: 1 });
  assert.equal(line, 'lost 2, doubled 0, stuck 1');
  assert.deepEqual(parseLastLine(line), { lost: 2, doubled: 0, stuck: 1 });
  assert.equal(parseLastLine('lost two'), undefined);
});

test('flags a capture dead-lettered by an outage where an undisturbed run scores it as off-plan', () => {
  const v = computeVerdict({
    ...base,
    expectedStates: new Map([
      ['a', 'SCORED'],
      ['b', 'SCORED'],
      ['c', 'VERSION_DRIFT'],
      ['d', 'SCORED'],
    ]),
  });
  assert.deepEqual([v.offPlan, v.offPlanIds[0], v.lost, v.ok], [1, 'b', 0, false]);
});

test('every simulator kind but duplicate has the state an undisturbed run ends it in', () => {
  assert.deepEqual(UNDISTURBED_STATE, {
    ok: 'SCORED',
    degraded: 'SCORED',
    corrupt: 'DEAD_LETTERED',
    drift: 'VERSION_DRIFT',
    'no-shelf': 'UNSCORABLE',
    'empty-shelf': 'SCORED',
    'close-up': 'SCORED',
  });
});
