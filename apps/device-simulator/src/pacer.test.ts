import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPacer } from './pacer.js';

test('spaces events to the rate: 5 events at 50/s take about 80 ms', async () => {
  const pacer = createPacer(50);
  const started = Date.now();
  for (let i = 0; i < 5; i++) await pacer.wait();
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 75 && elapsed < 400, `took ${elapsed} ms`);
});

test('a rate of 0 means unlimited', async () => {
  const pacer = createPacer(0);
  const started = Date.now();
  for (let i = 0; i < 100; i++) await pacer.wait();
  assert.ok(Date.now() - started < 50);
});
