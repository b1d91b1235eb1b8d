import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { stageMetrics } from './stage-metrics.js';
import { StageMetricsRecorder } from './stage-metrics-recorder.js';

function recorder() {
  const registry = new Registry();
  const metrics = stageMetrics(registry);
  return { metrics, recorder: new StageMetricsRecorder(metrics, { stage: 'test', group: 'test.group' }) };
}

async function values(metric: { get(): Promise<{ values: { labels: object; value: number }[] }> }) {
  return (await metric.get()).values.map((v) => ({ ...v.labels, value: v.value }));
}

test('each disposition counts the record under its outcome, and retries and dead letters under their reason', async () => {
  const { metrics, recorder: r } = recorder();
  const error = new Error('x');
  r.disposition({ kind: 'ok' });
  r.disposition({ kind: 'ok' });
  r.disposition({ kind: 'skip', code: 'DUPLICATE' });
  r.disposition({ kind: 'skip', code: 'STALE' });
  r.disposition({ kind: 'retry', code: 'DB_TIMEOUT', attempt: 1, delayMs: 100, error });
  r.disposition({
    kind: 'dead-letter',
    code: 'TEST_PERMANENT',
    attempts: 1,
    error,
    unencodableOutput: false,
  });
  assert.deepEqual(await values(metrics.records), [
    { stage: 'test', outcome: 'ok', value: 2 },
    { stage: 'test', outcome: 'duplicate', value: 1 },
    { stage: 'test', outcome: 'skip', value: 1 },
    { stage: 'test', outcome: 'retry', value: 1 },
    { stage: 'test', outcome: 'dead_letter', value: 1 },
  ]);
  assert.deepEqual(await values(metrics.retries), [{ stage: 'test', reason: 'DB_TIMEOUT', value: 1 }]);
  assert.deepEqual(await values(metrics.deadLetters), [
    { stage: 'test', reason: 'TEST_PERMANENT', value: 1 },
  ]);
});

test('an outage hold counts as a retry for its reason but not as a routed record', async () => {
  const { metrics, recorder: r } = recorder();
  r.outageHold('DB_UNAVAILABLE');
  assert.deepEqual(await values(metrics.retries), [{ stage: 'test', reason: 'DB_UNAVAILABLE', value: 1 }]);
  assert.deepEqual(await values(metrics.records), []);
});

test('lag is set per group, topic and partition; a chunk observes its size and duration', async () => {
  const { metrics, recorder: r } = recorder();
  r.lag('in', 3, 120);
  r.lag('in', 3, 80);
  assert.deepEqual(await values(metrics.consumerLag), [
    { group: 'test.group', topic: 'in', partition: '3', value: 80 },
  ]);
  r.chunk(20, 0.3);
  const size = (await metrics.batchSize.get()).values.find(
    (v) => v.metricName === 'shelfstream_batch_size_sum',
  );
  const seconds = (await metrics.processingSeconds.get()).values.find(
    (v) => v.metricName === 'shelfstream_stage_processing_seconds_sum',
  );
  assert.equal(size?.value, 20);
  assert.equal(seconds?.value, 0.3);
});
