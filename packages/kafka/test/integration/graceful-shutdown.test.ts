import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readTopic, waitFor } from '@shelfstream/testkit';
import { createHarness, outputSeqs, produceCaptures, sampleCapture, startCopyStage } from './harness.js';

test('SIGTERM during a batch finishes and commits it: nothing lost or doubled after a restart', async () => {
  const h = await createHarness();
  const count = 200;
  await produceCaptures(
    h,
    Array.from({ length: count }, (_, i) => sampleCapture(i)),
  );
  // 400 ms per chunk of 10: the run takes ~8 s, so the SIGTERM lands mid-batch.
  const first = startCopyStage(h, { TEST_SLOW_MS: '400', TEST_MAX_BATCH: '10' });
  await first.started;
  await waitFor('some committed output', async () => {
    const seen = await readTopic(h.kafka, h.topics.output, { until: (r) => r.length > 0, timeoutMs: 3000 });
    return seen.length > 0 ? true : undefined;
  });
  first.child.kill('SIGTERM');
  const exit = await first.exited;
  assert.equal(exit.code, 0, `graceful exit expected:\n${first.output()}`);
  assert.match(first.output(), /stopped/);

  const before = await readTopic(h.kafka, h.topics.output, {
    until: () => true,
    settleMs: 1000,
    timeoutMs: 5000,
  });
  assert.ok(before.length > 0 && before.length < count, `stopped part-way (${before.length} of ${count})`);
  assert.equal(before.length % 10, 0, 'only whole chunks were committed');

  const second = startCopyStage(h, { TEST_MAX_BATCH: '10' });
  await second.started;
  const records = await readTopic(h.kafka, h.topics.output, {
    until: (r) => r.length >= count,
    settleMs: 1500,
  });
  second.child.kill('SIGTERM');
  await second.exited;
  const seqs = await outputSeqs(
    h,
    records.map((r) => r.value),
  );
  assert.equal(seqs.length, count);
  assert.equal(new Set(seqs).size, count);
});
