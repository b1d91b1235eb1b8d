import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from './health.js';

describe('waitFor', () => {
  it('resolves healthy once the probe says so', async () => {
    let calls = 0;
    const result = await waitFor(async () => ++calls === 3, { timeoutMs: 2000, intervalMs: 10 });
    assert.equal(result.kind, 'healthy');
    assert.equal(calls, 3);
  });

  it('counts a throwing probe as not yet healthy', async () => {
    let calls = 0;
    const result = await waitFor(
      async () => {
        calls += 1;
        if (calls < 2) throw new Error('connection refused');
        return true;
      },
      { timeoutMs: 2000, intervalMs: 10 },
    );
    assert.equal(result.kind, 'healthy');
  });

  it('times out after timeoutMs when the probe never succeeds', async () => {
    const t0 = Date.now();
    const result = await waitFor(async () => false, { timeoutMs: 200, intervalMs: 20 });
    assert.equal(result.kind, 'timeout');
    assert.ok(Date.now() - t0 >= 200);
    assert.ok(Date.now() - t0 < 1000);
  });

  it('stops at once when abortIf gives a reason (the process died)', async () => {
    let calls = 0;
    const result = await waitFor(
      async () => {
        calls += 1;
        return false;
      },
      { timeoutMs: 5000, intervalMs: 10, abortIf: () => (calls >= 2 ? 'exited' : undefined) },
    );
    assert.deepEqual(
      { kind: result.kind, reason: result.kind === 'aborted' ? result.reason : '' },
      {
        kind: 'aborted',
        reason: 'exited',
      },
    );
    assert.equal(calls, 2);
  });
});
