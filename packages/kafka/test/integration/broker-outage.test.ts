import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { killStackComponent, readTopic, restartStack } from '@shelfstream/testkit';
import { createHarness, outputSeqs, produceCaptures, sampleCapture, startCopyStage } from './harness.js';

/** Held past KafkaJS's retry budget: what left every consumer dead behind a green /readyz (issue 12 defect 0). */
const OUTAGE_MS = Number(process.env['TEST_BROKER_OUTAGE_MS'] ?? 90_000);
/** Records waiting in the stage's input when the broker dies. */
const BACKLOG = 300;
const TOTAL = 20 + BACKLOG + 20;

// Regression guard for issue 12 defect 0: the stack's broker SIGKILLed and held down for 90 s. Before the fix every
// consumer crashed with "Failed to find group coordinator" (restart: false) and never consumed again.
test('a stage consumes again by itself after the broker was down for longer than the retry budget', async (t) => {
  const h = await createHarness();
  // Under load, as in the field: a slow stage with a backlog is mid-transaction when the broker dies.
  const stage = startCopyStage(h, { TEST_MAX_BATCH: '10', TEST_SLOW_MS: '100', LOG_LEVEL: 'error' });
  try {
    await stage.started;
    await produceCaptures(
      h,
      Array.from({ length: 20 }, (_, i) => sampleCapture(i)),
    );
    await readTopic(h.kafka, h.topics.output, { until: (r) => r.length >= 20, timeoutMs: 60_000 });
    await produceCaptures(
      h,
      Array.from({ length: BACKLOG }, (_, i) => sampleCapture(20 + i)),
    );
    await sleep(2_000);

    await killStackComponent('kafka');
    await sleep(OUTAGE_MS);
    await restartStack();
    assert.equal(
      stage.child.exitCode,
      null,
      `the stage process survived the outage\n${stage.output().slice(-3000)}`,
    );

    await produceCaptures(
      h,
      Array.from({ length: 20 }, (_, i) => sampleCapture(TOTAL - 20 + i)),
    );
    const outputs = await readTopic(h.kafka, h.topics.output, {
      until: (r) => r.length >= TOTAL,
      timeoutMs: 180_000,
      settleMs: 1000,
    });
    const seqs = await outputSeqs(
      h,
      outputs.map((r) => r.value),
    );
    assert.deepEqual(
      [...new Set(seqs)].sort((a, b) => a - b),
      Array.from({ length: TOTAL }, (_, i) => i),
      `every record after the outage was consumed\n${stage.output().slice(-4000)}`,
    );
    assert.equal(seqs.length, TOTAL, 'and none twice');
    t.diagnostic(`consumer crashes the stage logged: ${stage.output().split('consumer crashed').length - 1}`);
  } finally {
    await stage.stop();
    await restartStack();
  }
});
