import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readTopic } from '@shelfstream/testkit';
import {
  createHarness,
  type Harness,
  outputSeqs,
  produceCaptures,
  sampleCapture,
  startCopyStage,
} from './harness.js';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(async () => undefined);

test('a stage killed between producing and committing leaves no duplicate for read_committed readers', async () => {
  const count = 300;
  await produceCaptures(
    h,
    Array.from({ length: count }, (_, i) => sampleCapture(i)),
  );

  // Killed with SIGKILL inside its 3rd transaction: outputs sent, offsets sent, commit never happens.
  const crashing = startCopyStage(h, { TEST_KILL_BEFORE_COMMIT: '3', TEST_MAX_BATCH: '10' });
  const crash = await crashing.exited;
  assert.equal(crash.signal, 'SIGKILL', crashing.output());

  const restarted = startCopyStage(h, { TEST_MAX_BATCH: '10' });
  await restarted.started;
  const records = await readTopic(h.kafka, h.topics.output, {
    until: (r) => r.length >= count,
    settleMs: 1500,
  });
  restarted.child.kill('SIGTERM');
  await restarted.exited;

  const seqs = await outputSeqs(
    h,
    records.map((r) => r.value),
  );
  assert.equal(seqs.length, count, 'one output per input, no duplicates');
  assert.deepEqual(
    [...new Set(seqs)].sort((a, b) => a - b),
    Array.from({ length: count }, (_, i) => i),
  );
});

test('repeated hard kills mid-run still give input set == output set with no duplicates', async () => {
  const fresh = await createHarness();
  const count = 1000;
  await produceCaptures(
    fresh,
    Array.from({ length: count }, (_, i) => sampleCapture(i)),
  );
  for (const killAt of [2, 5, 4]) {
    const victim = startCopyStage(fresh, { TEST_KILL_BEFORE_COMMIT: String(killAt), TEST_MAX_BATCH: '25' });
    await victim.exited;
  }
  const survivor = startCopyStage(fresh, { TEST_MAX_BATCH: '25' });
  await survivor.started;
  const records = await readTopic(fresh.kafka, fresh.topics.output, {
    until: (r) => r.length >= count,
    settleMs: 1500,
    timeoutMs: 120_000,
  });
  survivor.child.kill('SIGTERM');
  await survivor.exited;
  const seqs = await outputSeqs(
    fresh,
    records.map((r) => r.value),
  );
  assert.equal(seqs.length, count);
  assert.equal(new Set(seqs).size, count);
});
