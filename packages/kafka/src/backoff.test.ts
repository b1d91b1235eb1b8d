import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from './backoff.js';

test('delays grow exponentially and stop at the cap', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, jitter: 0, initialDelayMs: 100, maxDelayMs: 1000 };
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map((a) => retryDelayMs(policy, a)),
    [100, 200, 400, 800, 1000, 1000],
  );
});

test('jitter keeps each delay between (1 - jitter) and 1 times the base', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, jitter: 0.5, initialDelayMs: 1000 };
  assert.equal(
    retryDelayMs(policy, 1, () => 0),
    500,
  );
  assert.equal(
    retryDelayMs(policy, 1, () => 1),
    1000,
  );
  for (let i = 0; i < 100; i++) {
    const d = retryDelayMs(policy, 2);
    assert.ok(d >= 1000 && d <= 2000, String(d));
  }
});
