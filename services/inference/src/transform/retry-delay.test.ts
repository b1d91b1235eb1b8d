import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseRetryAfterMs, retryDelayMs } from './retry-delay.js';

it('reads Retry-After as seconds or as an HTTP date', () => {
  assert.equal(parseRetryAfterMs('2', 0), 2000);
  assert.equal(parseRetryAfterMs(new Date(10_000).toUTCString(), 4000), 6000);
  assert.equal(parseRetryAfterMs('soon', 0), undefined);
  assert.equal(parseRetryAfterMs(null, 0), undefined);
});

it('honours Retry-After up to the cap and otherwise backs off exponentially with full jitter', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
  assert.equal(retryDelayMs(policy, 1, 300), 300);
  assert.equal(retryDelayMs(policy, 1, 60_000), 1000);
  assert.equal(
    retryDelayMs(policy, 1, undefined, () => 1),
    100,
  );
  assert.equal(
    retryDelayMs(policy, 3, undefined, () => 1),
    400,
  );
  assert.equal(
    retryDelayMs(policy, 9, undefined, () => 1),
    1000,
  );
  assert.equal(
    retryDelayMs(policy, 3, undefined, () => 0.5),
    200,
  );
});
