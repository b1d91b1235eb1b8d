import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryWaitMs } from './retry-rule.js';

const none = { retryAfter: null };

test('retries network errors, 429 and 502/503/504; never another 4xx, 200/202 or a 500', () => {
  for (const status of [null, 429, 502, 503, 504])
    assert.equal(retryWaitMs({ status, ...none }, 0, 0, {}), 500);
  for (const status of [400, 401, 403, 404, 409, 413, 415, 500, 501]) {
    assert.equal(retryWaitMs({ status, ...none }, 0, 0, {}), undefined, `status ${status}`);
  }
});

test('backs off base * 2^retry up to maxBackoffMs, and Retry-After wins up to maxWaitMs', () => {
  const policy = { baseBackoffMs: 250, maxBackoffMs: 4000, maxWaitMs: 30_000, maxRetries: 10 };
  const waits = [0, 1, 2, 3, 4, 5].map((r) => retryWaitMs({ status: null, ...none }, r, 0, policy));
  assert.deepEqual(waits, [250, 500, 1000, 2000, 4000, 4000]);
  assert.equal(retryWaitMs({ status: 429, retryAfter: '10' }, 0, 0, policy), 10_000);
  assert.equal(retryWaitMs({ status: 429, retryAfter: '3600' }, 0, 0, policy), 30_000);
});

test('gives up once maxRetries retries are spent or the wait would end past retryForMs', () => {
  assert.equal(retryWaitMs({ status: 503, ...none }, 5, 0, {}), undefined);
  assert.equal(retryWaitMs({ status: 503, retryAfter: '2' }, 0, 9000, { retryForMs: 10_000 }), undefined);
  assert.equal(retryWaitMs({ status: 503, retryAfter: '1' }, 0, 9000, { retryForMs: 10_000 }), 1000);
});
