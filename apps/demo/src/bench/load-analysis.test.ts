import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  backlogSlope,
  candidateRates,
  cpuPerCapture,
  judgeWindow,
  percentile,
  summarizeLatency,
} from './load-analysis.js';

const ramp = (perSecond: number, seconds: number, base = 0) =>
  Array.from({ length: seconds + 1 }, (_, i) => ({ t: 10_000 + i * 1000, backlog: base + perSecond * i }));

test('backlogSlope is the growth per second of a linear backlog', () => {
  assert.ok(Math.abs(backlogSlope(ramp(2, 30)) - 2) < 1e-9);
  assert.equal(backlogSlope(ramp(0, 30, 7)), 0);
  assert.equal(backlogSlope([{ t: 1, backlog: 4 }]), 0);
});

test('a flat plateau after the fill-up is sustained, a steady climb is not', () => {
  // Fills to 6 in the first seconds, then wobbles around it: sustained at 3/s.
  const plateau = Array.from({ length: 40 }, (_, i) => ({
    t: i * 1000,
    backlog: i < 3 ? i * 2 : 6 + (i % 2 === 0 ? 1 : -1),
  }));
  assert.equal(judgeWindow(plateau, 3).sustained, true);
  // Finishes 80 % of 3/s: the backlog grows at 0.6/s, over the 0.3/s allowed.
  const verdict = judgeWindow(ramp(0.6, 40), 3);
  assert.equal(verdict.sustained, false);
  assert.ok(Math.abs(verdict.backlogSlope - 0.6) < 1e-9);
  assert.ok(Math.abs(verdict.allowedSlope - 0.3) < 1e-9);
});

test('the fill-up third of the window is not judged', () => {
  const samples = [...ramp(3, 10), ...ramp(0, 20, 30).map((s) => ({ ...s, t: s.t + 11_000 }))];
  assert.equal(judgeWindow(samples, 3).sustained, true);
});

test('percentile is nearest-rank', () => {
  const values = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.equal(percentile(values, 50), 50);
  assert.equal(percentile(values, 99), 99);
  assert.equal(percentile(values, 100), 100);
  assert.equal(percentile([5], 99), 5);
  assert.ok(Number.isNaN(percentile([], 50)));
});

test('summarizeLatency pairs send and finish times and counts the unfinished', () => {
  const sent = new Map([
    ['a', 0],
    ['b', 100],
    ['c', 200],
  ]);
  const done = new Map([
    ['a', 1000],
    ['b', 1300],
    ['z', 5],
  ]);
  const s = summarizeLatency(sent, done);
  assert.equal(s.count, 2);
  assert.equal(s.unfinished, 1);
  assert.equal(s.p50Ms, 1000);
  assert.equal(s.p99Ms, 1200);
  assert.equal(s.maxMs, 1200);
});

test('candidateRates start at saturation and step down by 10 %', () => {
  assert.deepEqual(candidateRates(2, 3), [2, 1.8, 1.62]);
});

test('cpuPerCapture sums processes per stage and divides by finished captures', () => {
  const before = { 'model-server': 10, 'inference-remote': 1, scorer: 2, 'state-tracker': 1 };
  const after = { 'model-server': 30, 'inference-remote': 5, scorer: 4, 'state-tracker': 2 };
  const stage = (p: string) => (p === 'model-server' || p.startsWith('inference') ? 'inference' : 'scoring');
  assert.deepEqual(cpuPerCapture(before, after, stage, 8), { inference: 3, scoring: 0.375 });
});
