import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSchedulePacer, sendDueAtMs } from './schedule-pacer.js';

test('spreads sends evenly over the send window', () => {
  assert.deepEqual(
    [0, 1, 2, 3].map((n) => sendDueAtMs(n, 4, 400_000, 0)),
    [0, 100_000, 200_000, 300_000],
  );
});

test('shifts the sends by how late the fault injector runs', () => {
  assert.equal(sendDueAtMs(2, 4, 400_000, 60_000), 260_000);
  assert.equal(sendDueAtMs(2, 4, 400_000, -5), 200_000);
});

test('the pacer lets a due send go at once and holds the next until its time', async () => {
  let now = 0;
  const pace = createSchedulePacer({ count: 2, windowMs: 50, clock: () => now, injectorDelayMs: () => 0 });
  await pace();
  const t0 = Date.now();
  const second = pace();
  now = 50;
  await second;
  assert.ok(Date.now() - t0 < 2000);
});
