import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeVerdict, formatLastLine, parseLastLine, type VerdictInput } from './verdict.js';

const base: VerdictInput = {
  captureIds: ['a', 'b', 'c', 'd'],
  refusedIds: [],
  states: new Map([
    ['a', 'SCORED'],
    ['b', 'DEAD_LETTERED'],
    ['c', 'VERSION_DRIFT'],
    ['d', 'ARCHIVED'],
  ]),
  complianceCounts: new Map([
    ['a', 1],
    ['d', 1],
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
  const v = computeVerdict({ ...base, complianceCounts: new Map([['d', 1]]) });
  assert.deepEqual(v.lostIds, ['a']);
});

test('counts a gateway refusal of a sound capture as lost', () => {
  const v = computeVerdict({ ...base, refusedIds: ['z'] });
  assert.equal(v.lost, 1);
});

test('counts a capture with two committed compliance records as doubled', () => {
  const v = computeVerdict({
    ...base,
    complianceCounts: new Map([
      ['a', 2],
      ['d', 1],
    ]),
  });
  assert.deepEqual([v.doubled, v.doubledIds[0], v.ok], [1, 'a', false]);
});

test('counts a consumer group with lag left as stuck', () => {
  const v = computeVerdict({ ...base, groupLags: [{ group: 'g', lag: 3 }] });
  assert.deepEqual([v.stuck, v.stuckGroups[0]], [1, 'g']);
});

test('flags a compliance record of a dead-lettered capture as mismatched', () => {
  const v = computeVerdict({ ...base, complianceCounts: new Map([...base.complianceCounts, ['b', 1]]) });
  assert.deepEqual([v.mismatched, v.ok], [1, false]);
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
