import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type MeshPressure, overloadReason, SlaBreaker } from './sla-breaker.js';

const options = { maxLagRecords: 100, maxLatencyMs: 2500, probeIntervalMs: 1000, resetMs: 200 };

test('opens on the first probe over the threshold and closes by itself once the mesh caught up', async () => {
  let pressure: MeshPressure = { lagRecords: 5 };
  const breaker = new SlaBreaker(async () => pressure, options);
  await breaker.probeNow();
  assert.equal(breaker.open, false);
  pressure = { lagRecords: 500 };
  await breaker.probeNow();
  assert.equal(breaker.open, true);
  assert.equal(breaker.retryAfterSeconds, 1);
  pressure = { lagRecords: 0 };
  await breaker.probeNow();
  assert.equal(breaker.open, true, 'still open before the reset timeout');
  await new Promise((resolve) => setTimeout(resolve, options.resetMs + 50));
  await breaker.probeNow();
  assert.equal(breaker.open, false, 'closed after a good half-open probe');
  breaker.stop();
});

test('a failing probe (admin error) does not open the breaker', async () => {
  const errors: unknown[] = [];
  const breaker = new SlaBreaker(
    async () => {
      throw new Error('broker down');
    },
    options,
    undefined,
    (err) => errors.push(err),
  );
  await breaker.probeNow();
  await breaker.probeNow();
  assert.equal(breaker.open, false);
  assert.equal(errors.length, 2);
  breaker.stop();
});

test('latency over the SLA is an overload reason like lag', () => {
  assert.match(overloadReason({ latencyMs: 3000 }, options) ?? '', /latency 3000 > 2500/);
  assert.equal(overloadReason({ lagRecords: 100, latencyMs: 2500 }, options), undefined);
});

test('opens on capture->score p99 over the SLA while lag is fine, and not on an unknown latency', async () => {
  let pressure: MeshPressure = { lagRecords: 0, latencyMs: undefined };
  const breaker = new SlaBreaker(async () => pressure, options);
  await breaker.probeNow();
  assert.equal(breaker.open, false, 'too few captures scored: no latency, no shedding');
  pressure = { lagRecords: 0, latencyMs: options.maxLatencyMs };
  await breaker.probeNow();
  assert.equal(breaker.open, false, 'at the SLA is within it');
  pressure = { lagRecords: 0, latencyMs: options.maxLatencyMs + 1 };
  await breaker.probeNow();
  assert.equal(breaker.open, true);
  assert.deepEqual(breaker.lastPressure, pressure);
  breaker.stop();
});
