import assert from 'node:assert/strict';
import { test } from 'node:test';
import { longestPause, longestScoringGap, recoveryTime } from './recovery-time.js';

const samples = [
  { atMs: 0, inFlight: 5, terminal: 10 },
  { atMs: 1000, inFlight: 40, terminal: 10 },
  { atMs: 2000, inFlight: 30, terminal: 20 },
  { atMs: 3000, inFlight: 8, terminal: 42 },
  { atMs: 4000, inFlight: 4, terminal: 46 },
];

test('measures from the part being back to the first sample back at the in-flight level of the fault time', () => {
  assert.equal(recoveryTime(samples, { backAtMs: 1000, inFlightAtFault: 5, untilMs: 10_000 }, 0), 3000);
  assert.equal(recoveryTime(samples, { backAtMs: 1000, inFlightAtFault: 5, untilMs: 10_000 }, 3), 2000);
});

test('reports no recovery when the backlog never drains before the deadline', () => {
  assert.equal(recoveryTime(samples, { backAtMs: 1000, inFlightAtFault: 0, untilMs: 10_000 }, 0), null);
  assert.equal(recoveryTime(samples, { backAtMs: 1000, inFlightAtFault: 5, untilMs: 2500 }, 0), null);
});

test('a stalled mesh with a small backlog has not recovered until it finishes a capture', () => {
  const stalled = [
    { atMs: 0, inFlight: 3, terminal: 10 },
    { atMs: 1000, inFlight: 3, terminal: 10 },
    { atMs: 2000, inFlight: 3, terminal: 10 },
    { atMs: 3000, inFlight: 2, terminal: 11 },
  ];
  assert.equal(recoveryTime(stalled, { backAtMs: 1000, inFlightAtFault: 3, untilMs: 10_000 }, 1), 2000);
});

test('the longest pause is the longest time without a finished capture while some are in flight', () => {
  const run = [
    { atMs: 0, inFlight: 5, terminal: 10 },
    { atMs: 2000, inFlight: 6, terminal: 12 },
    { atMs: 4000, inFlight: 9, terminal: 12 },
    { atMs: 6000, inFlight: 12, terminal: 12 },
    { atMs: 8000, inFlight: 4, terminal: 22 },
    { atMs: 10_000, inFlight: 0, terminal: 26 },
    { atMs: 12_000, inFlight: 0, terminal: 26 },
    { atMs: 14_000, inFlight: 1, terminal: 26 },
  ];
  assert.equal(longestPause(run, 0, 20_000), 6000, 'from the progress at 2 s to the next at 8 s');
  assert.equal(
    longestPause(run, 9000, 20_000),
    2000,
    'idle time is not a pause; the last busy sample counts',
  );
  assert.equal(longestPause(run, 3000, 7000), 3000, 'an open pause runs to the last sample of the window');
});

test('the scoring gap is measured between produce times, to the millisecond, while captures are in flight', () => {
  const busy = [{ atMs: 0, inFlight: 5, terminal: 0 }];
  // Scores at 1.0, 2.5, 11.8 and 12.1 s; the window from the hit (2 s) to the recovery (20 s).
  const scored = [1000, 2500, 11_800, 12_100];
  // Gaps after the hit: 0.5 s, 9.3 s, 0.3 s, and 7.9 s from the last score to the end of the window.
  assert.equal(longestScoringGap(scored, busy, 2000, 20_000), 9300);
  assert.equal(longestScoringGap(scored, busy, 2000, 24_000), 11_900, 'the tail counts while busy');
  assert.equal(longestScoringGap(scored, busy, 2000, 12_500), 9300, 'the gap from 2.5 s to 11.8 s');
  assert.equal(longestScoringGap([], busy, 2000, 5000), 3000, 'nothing scored in a busy window: all of it');
});

test('a gap while nothing is in flight is no pause', () => {
  const samples = [
    { atMs: 0, inFlight: 3, terminal: 0 },
    { atMs: 3000, inFlight: 0, terminal: 3 },
    { atMs: 9000, inFlight: 2, terminal: 3 },
  ];
  // From 3.0 s to 9.5 s the mesh had nothing to do; from 9.5 to 10 s it did.
  assert.equal(longestScoringGap([1000, 3000, 9500, 10_000], samples, 0, 10_000), 2000);
});
