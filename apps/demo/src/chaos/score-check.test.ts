import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkScores } from './score-check.js';

test('passes a tier whose mean distance to the ground truth is within its tolerance', () => {
  const [edge] = checkScores(
    [
      { captureId: 'a', tier: 'EDGE', quality: 'OK', score: 90, truth: 92 },
      { captureId: 'b', tier: 'EDGE', quality: 'OK', score: 80, truth: 84 },
    ],
    { EDGE: 6 },
  );
  assert.deepEqual(edge, {
    tier: 'EDGE',
    captures: 2,
    meanAbsDiff: 3,
    maxAbsDiff: 4,
    tolerance: 6,
    judged: true,
    ok: true,
  });
});

test('reports but does not judge a tier with fewer captures than asked for', () => {
  const few = [
    { captureId: 'a', tier: 'HEURISTIC', quality: 'OK', score: 0, truth: 90 },
    { captureId: 'b', tier: 'HEURISTIC', quality: 'OK', score: 10, truth: 90 },
  ];
  const [judged] = checkScores(few, { HEURISTIC: 60 }, 2);
  assert.equal(judged?.ok, false, 'two captures, two asked for: judged and over');
  const [notJudged] = checkScores(few, { HEURISTIC: 60 }, 3);
  assert.deepEqual([notJudged?.judged, notJudged?.ok, notJudged?.meanAbsDiff], [false, true, 85]);
});

test('fails a tier over its tolerance and ignores degraded captures', () => {
  const checks = checkScores(
    [
      { captureId: 'a', tier: 'HEURISTIC', quality: 'OK', score: 0, truth: 90 },
      { captureId: 'b', tier: 'EDGE', quality: 'DEGRADED', score: 0, truth: 90 },
    ],
    { HEURISTIC: 60, EDGE: 6 },
  );
  assert.equal(checks.length, 1);
  assert.equal(checks[0]?.ok, false);
});
