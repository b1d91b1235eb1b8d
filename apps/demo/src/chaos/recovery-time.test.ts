import assert from 'node:assert/strict';
import { test } from 'node:test';
import { longestPause, recoveryTime } from './recovery-time.js';

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
