import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recoveryTime } from './recovery-time.js';

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
