import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaptureSubmitted, DeadLetter } from '@shelfstream/contracts';
import { headerString } from '@shelfstream/kafka';
import { readTopic } from '@shelfstream/testkit';
import {
  createHarness,
  type Harness,
  outputSeqs,
  produceCaptures,
  type StageProcess,
  sampleCapture,
  startCopyStage,
} from './harness.js';

async function produceWithHeaders(
  h: Harness,
  captures: readonly CaptureSubmitted[],
  headers: Record<string, string>,
): Promise<void> {
  const producer = h.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const messages = await Promise.all(
    captures.map(async (c) => ({
      key: 'one-partition',
      value: await h.codec.encode(h.topics.input, c),
      headers,
    })),
  );
  await producer.send({ topic: h.topics.input, acks: -1, messages });
  await producer.disconnect();
}

function sortedUnique(seqs: readonly number[]): number[] {
  return [...new Set(seqs)].sort((a, b) => a - b);
}

/**
 * Reads the output topic until `count` records arrived, and asserts they carry seqs 0..count-1, each exactly once.
 */
async function assertEachOutputOnce(
  h: Harness,
  stage: StageProcess,
  count: number,
  timeoutMs: number,
): Promise<void> {
  const outputs = await readTopic(h.kafka, h.topics.output, {
    until: (r) => r.length >= count,
    timeoutMs,
    settleMs: 1500,
  });
  const seqs = await outputSeqs(
    h,
    outputs.map((r) => r.value),
  );
  assert.deepEqual(
    sortedUnique(seqs),
    Array.from({ length: count }, (_, i) => i),
    `every record was consumed\n${stage.output().slice(-3000)}`,
  );
  assert.equal(seqs.length, count, `one output per input, no duplicates\n${stage.output().slice(-3000)}`);
}

// Issue 12 defect 4: headers from producers are input. `x-attempt: 3000000000` overflowed the DeadLetter's Avro int,
// the DLQ record could not be encoded and the stage stopped on that record for good.
test('hostile x-attempt and x-due-ms headers are clamped: the record dead-letters and the partition flows on', async () => {
  const h = await createHarness(1);
  const hostile = {
    'x-attempt': '3000000000',
    'x-due-ms': 'soon',
    'x-first-seen-ms': '99999999999999999999999',
    'x-first-failure-ms': '-99999999999999999999999',
  };
  await produceWithHeaders(h, [sampleCapture(1, 'permanent'), sampleCapture(2, 'ok')], hostile);
  await produceCaptures(h, [sampleCapture(3, 'ok')]);
  const stage = startCopyStage(h);
  try {
    await stage.started;
    const outputs = await readTopic(h.kafka, h.topics.output, {
      until: (r) => r.length >= 2,
      timeoutMs: 30_000,
    });
    assert.deepEqual(
      sortedUnique(
        await outputSeqs(
          h,
          outputs.map((r) => r.value),
        ),
      ),
      [2, 3],
      stage.output(),
    );
    const letters = await readTopic<DeadLetter>(h.kafka, h.topics.dlq, {
      until: (r) => r.length >= 1,
      timeoutMs: 30_000,
      decode: (v) => h.codec.decode<DeadLetter>(v, h.topics.dlq),
    });
    const letter = letters[0]?.decoded;
    assert.equal(letter?.reason_code, 'TEST_PERMANENT');
    assert.ok((letter?.attempts ?? 0) <= 1_000_000, `attempts clamped: ${letter?.attempts}`);
    assert.ok(Number(letter?.first_failure_at) >= 0, 'first failure time clamped');
  } finally {
    await stage.stop();
  }
});

// Issue 12 defect 0: a broker down past KafkaJS's retry budget ends in a coordinator lookup that throws the
// non-retriable KafkaJSGroupCoordinatorNotFound; KafkaJS crashes the consumer with restart: false and, before the
// fix, the process went on with a dead consumer behind a green /readyz. The fault is injected as that exact error
// (the outage itself only hits it by timing: see broker-outage.test.ts).
test('a consumer that KafkaJS crashed for good is recreated and the stage goes on, exactly once', async () => {
  const h = await createHarness(1);
  const count = 60;
  await produceCaptures(
    h,
    Array.from({ length: count }, (_, i) => sampleCapture(i)),
  );
  const stage = startCopyStage(h, { TEST_CRASH_AT: '2', TEST_MAX_BATCH: '10' });
  try {
    await stage.started;
    await assertEachOutputOnce(h, stage, count, 60_000);
    assert.match(stage.output(), /crashing/, 'the fault was injected');
  } finally {
    await stage.stop();
  }
});

// Issue 12 defect 2: after a failed transaction end (here: the producer fenced by a successor with its
// transactional.id) the cached producer was reused in its failed state, and the stage never committed again.
test('a producer whose commit failed is discarded and the stage goes on with a new one, exactly once', async () => {
  const h = await createHarness(1);
  const count = 60;
  await produceCaptures(
    h,
    Array.from({ length: count }, (_, i) => sampleCapture(i)),
  );
  const stage = startCopyStage(h, { TEST_FENCE_AT: '2', TEST_MAX_BATCH: '10' });
  try {
    await stage.started;
    await assertEachOutputOnce(h, stage, count, 90_000);
    assert.match(stage.output(), /fenced/, 'the fault was injected');
    assert.equal(stage.child.exitCode, null, 'the stage process is still running');
  } finally {
    await stage.stop();
  }
});

// Issue 12 defect 7: a chunk that outlived the session timeout (heartbeats only between chunks) got its member
// evicted while it kept working, and the evicted member's late commit could double outputs.
test('a chunk slower than the session timeout is bounded and retried while the member heartbeats, exactly once', async () => {
  const h = await createHarness(1);
  const count = 30;
  await produceCaptures(
    h,
    Array.from({ length: count }, (_, i) => sampleCapture(i, i === 5 ? 'slow-once' : 'ok')),
  );
  const stage = startCopyStage(h, {
    TEST_SESSION_TIMEOUT_MS: '6000',
    TEST_SLOW_ONCE_MS: '9000',
    TEST_MAX_BATCH: '10',
  });
  try {
    await stage.started;
    await assertEachOutputOnce(h, stage, count, 90_000);
    const retries = await readTopic(h.kafka, h.topics.retry, {
      until: (r) => r.length >= 1,
      timeoutMs: 10_000,
    });
    assert.ok(
      retries.some((r) => headerString(r.headers, 'x-last-reason') === 'KAFKA_CHUNK_TIMEOUT'),
      'the slow chunk was cut at its bound and its records retried',
    );
  } finally {
    await stage.stop();
  }
});
