import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runBounded } from './run-bounded.js';

test('never runs more tasks at once than the concurrency bound, and keeps input order', async () => {
  let inFlight = 0;
  let peak = 0;
  const results = await runBounded([30, 5, 20, 1, 10, 2, 8], 3, async (ms, i) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((resolve) => setTimeout(resolve, ms));
    inFlight--;
    return i;
  });
  assert.equal(peak, 3);
  assert.deepEqual(results, [0, 1, 2, 3, 4, 5, 6]);
});

test('refuses a concurrency below one', async () => {
  await assert.rejects(
    runBounded([1], 0, async () => 1),
    RangeError,
  );
});
