import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { DeadLetter } from '@shelfstream/contracts';
import { HeaderNames, headerInt, headerString } from '@shelfstream/kafka';
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

let h: Harness;
let stage: StageProcess;
before(async () => {
  h = await createHarness();
  await produceCaptures(h, [
    sampleCapture(1, 'transient:2'),
    sampleCapture(2, 'permanent'),
    sampleCapture(3, 'always-transient'),
    sampleCapture(4, 'ok'),
  ]);
  stage = startCopyStage(h);
  await stage.started;
});
after(async () => {
  stage.child.kill('SIGTERM');
  await stage.exited;
});

test('a transient failure goes through the retry topic with growing delays, then succeeds', async () => {
  const outputs = await readTopic(h.kafka, h.topics.output, {
    until: (r) => r.length >= 2,
    timeoutMs: 30_000,
  });
  const seqs = await outputSeqs(
    h,
    outputs.map((r) => r.value),
  );
  const retried = outputs[seqs.indexOf(1)];
  assert.deepEqual([...seqs].sort(), [1, 4]);
  assert.equal(headerString(retried?.headers, 'x-test-attempt-seen'), '3', 'succeeded on its third attempt');

  const retries = await readTopic(h.kafka, h.topics.retry, {
    until: (r) => r.length >= 5,
    timeoutMs: 30_000,
  });
  const forOne = retries.filter((r) => r.key === sampleCapture(1).capture_id);
  assert.equal(forOne.length, 2);
  const attempts = forOne.map((r) => headerInt(r.headers, HeaderNames.attempt, 0));
  assert.deepEqual(attempts, [2, 3]);
  // Due times grow: attempt 2 waits ~300 ms, attempt 3 ~600 ms after its failure.
  const due = forOne.map((r) => headerInt(r.headers, HeaderNames.dueMs, 0));
  const firstFailure = headerInt(forOne[0]?.headers, HeaderNames.firstFailureMs, 0);
  const waits = [due[0]! - firstFailure, due[1]! - due[0]!];
  assert.ok(waits[0]! >= 300 && waits[1]! >= 600 && waits[1]! > waits[0]!, `delays ${waits}`);
  assert.equal(headerString(forOne[0]?.headers, HeaderNames.lastReason), 'TEST_TRANSIENT');
  assert.equal(headerString(forOne[0]?.headers, HeaderNames.originTopic), h.topics.input);
});

test('a permanent failure lands in the DLQ with its reason code and the original bytes', async () => {
  const dead = await deadLetters();
  const permanent = dead.find((d) => d.letter.reason_code === 'TEST_PERMANENT');
  assert.ok(permanent, 'permanent failure dead-lettered');
  assert.equal(permanent.letter.stage, 'TEST');
  assert.equal(permanent.letter.retriable, false);
  assert.equal(permanent.letter.attempts, 1);
  assert.equal(permanent.letter.original_topic, h.topics.input);
  assert.equal(permanent.letter.capture_id, sampleCapture(2).capture_id);
  const original = await h.codec.decode<{ capture_id: string }>(
    permanent.letter.original_value,
    h.topics.input,
  );
  assert.equal(original.capture_id, sampleCapture(2).capture_id);
});

test('a record over the retry limit lands in the DLQ with its transient reason and attempt count', async () => {
  const dead = await deadLetters();
  const exhausted = dead.find((d) => d.letter.capture_id === sampleCapture(3).capture_id);
  assert.ok(exhausted, 'exhausted record dead-lettered');
  assert.equal(exhausted.letter.reason_code, 'TEST_TRANSIENT');
  assert.equal(exhausted.letter.retriable, true);
  assert.equal(exhausted.letter.attempts, 4);
  assert.equal(exhausted.letter.original_topic, h.topics.retry);
  assert.equal(exhausted.letter.original_headers[HeaderNames.originTopic], h.topics.input);
  assert.ok(exhausted.letter.first_failure_at < exhausted.letter.last_failure_at);
});

test('invalid Avro bytes on the input are dead-lettered as KAFKA_DECODE_FAILED, not a crash', async () => {
  const producer = h.kafka.producer();
  await producer.connect();
  await producer.send({
    topic: h.topics.input,
    messages: [{ key: 'garbage', value: Buffer.from('not avro at all') }],
  });
  await producer.send({
    topic: h.topics.input,
    messages: [{ key: 'after-garbage', value: await h.codec.encode(h.topics.input, sampleCapture(5)) }],
  });
  await producer.disconnect();
  const dead = await deadLetters((list) => list.some((d) => d.original_key === 'garbage'));
  const garbage = dead.find((d) => d.letter.original_key === 'garbage');
  assert.equal(garbage?.letter.reason_code, 'KAFKA_DECODE_FAILED');
  assert.deepEqual(garbage?.letter.original_value, Buffer.from('not avro at all'));
  const outputs = await readTopic(h.kafka, h.topics.output, {
    until: (r) => r.length >= 3,
    timeoutMs: 30_000,
  });
  assert.ok(
    (
      await outputSeqs(
        h,
        outputs.map((r) => r.value),
      )
    ).includes(5),
    'the stage kept going',
  );
});

async function deadLetters(
  until: (letters: DeadLetter[]) => boolean = (letters) => letters.length >= 2,
): Promise<{ letter: DeadLetter }[]> {
  const records = await readTopic<DeadLetter>(h.kafka, h.topics.dlq, {
    timeoutMs: 30_000,
    decode: (value) => h.codec.decode<DeadLetter>(value, h.topics.dlq),
    until: (list) => until(list.map((r) => r.decoded as DeadLetter)),
  });
  return records.map((r) => ({ letter: r.decoded as DeadLetter }));
}
