import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CaptureSubmitted, DeadLetter } from '@shelfstream/contracts';
import { createPool, ensureDatabase } from '@shelfstream/db';
import { headerString } from '@shelfstream/kafka';
import {
  edgeCapture,
  readTopic,
  testNamespace,
  testStackEnvironment,
  uniqueName,
} from '@shelfstream/testkit';
import { runShelfctl } from './run-shelfctl.js';

const { ns, topics: names, kafka, codec, provision } = testNamespace('t-dlq');
const dbName = `shelfstream_test_dlq_${ns.slice(-8)}`;
const databaseUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`;
const env = { ...testStackEnvironment(), KAFKA_TOPIC_NAMESPACE: ns, DATABASE_URL: databaseUrl };
const now = Date.now();

function capture(i: number): CaptureSubmitted {
  return edgeCapture(i, { capturedAt: now - 60_000 + i, deviceId: `cam-${i}` });
}

async function letter(c: CaptureSubmitted | null, overrides: Partial<DeadLetter>): Promise<DeadLetter> {
  return {
    stage: 'INGESTION',
    reason_code: 'INGEST_IMAGE_CORRUPT',
    retriable: false,
    error_message: 'test',
    error_stack: null,
    original_topic: names.capturesRaw,
    original_partition: 0,
    original_offset: 0,
    original_key: c?.capture_id ?? 'garbage',
    original_value: c ? await codec.encode(names.capturesRaw, c) : Buffer.from('not avro at all'),
    original_headers: {
      'x-origin-topic': names.capturesRaw,
      'x-attempt': '1',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    },
    capture_id: c?.capture_id ?? null,
    blob_uri: null,
    batch_id: null,
    attempts: 1,
    first_failure_at: now,
    last_failure_at: now,
    dead_lettered_at: now,
    ...overrides,
  };
}

async function rawCount(): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(names.capturesRaw)).reduce((n, p) => n + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

before(async () => {
  await provision();
  await ensureDatabase(databaseUrl);
  const letters = [
    // A permanent ingestion failure, fresh.
    await letter(capture(1), {}),
    // Retries ran out on the ingestion retry topic two hours ago: replays to the raw topic (x-origin-topic).
    await letter(capture(2), {
      original_topic: names.retry('ingestion'),
      reason_code: 'INGEST_BLOB_UNAVAILABLE',
      retriable: true,
      attempts: 4,
      original_headers: { 'x-origin-topic': names.capturesRaw, 'x-attempt': '4', 'x-due-ms': '1' },
      dead_lettered_at: now - 2 * 3_600_000,
    }),
    // Bytes that are not Avro, from another stage.
    await letter(null, {
      stage: 'INFERENCE',
      reason_code: 'KAFKA_DECODE_FAILED',
      original_topic: names.imagesReady,
      original_headers: {},
    }),
  ];
  // Written in a transaction, as stages do: the partitions end with commit markers the reader must step over.
  const producer = kafka.producer({
    transactionalId: uniqueName('t-dlq-writer'),
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  const txn = await producer.transaction();
  await txn.send({
    topic: names.deadLetters,
    messages: await Promise.all(
      letters.map(async (l) => ({ key: l.original_key, value: await codec.encode(names.deadLetters, l) })),
    ),
  });
  await txn.commit();
  await producer.disconnect();
});

after(async () => {
  const admin = createPool('postgres://postgres@127.0.0.1:5432/postgres', { max: 1 });
  await admin.query(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
});

async function listJson(...args: string[]): Promise<Record<string, unknown>[]> {
  const result = await runShelfctl(['dlq', 'list', '--json', ...args], env);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('lists every dead letter up to the end offsets and stops, filtered by stage, reason and time', async () => {
  const started = Date.now();
  const all = await listJson();
  assert.equal(all.length, 3);
  assert.ok(Date.now() - started < 20_000, 'stops at the end offsets instead of waiting for its timeout');
  assert.deepEqual(
    (await listJson('--stage', 'ingestion')).map((e) => e['capture_id']).sort(),
    [capture(1).capture_id, capture(2).capture_id].sort(),
  );
  assert.deepEqual(
    (await listJson('--reason', 'KAFKA_DECODE_FAILED')).map((e) => e['stage']),
    ['INFERENCE'],
  );
  assert.deepEqual(
    (await listJson('--stage', 'INGESTION', '--since', '1h')).map((e) => e['capture_id']),
    [capture(1).capture_id],
  );
  const table = await runShelfctl(['dlq', 'list', '--until', '1h'], env);
  assert.equal(table.code, 0);
  assert.match(table.stdout, /INGEST_BLOB_UNAVAILABLE/);
  assert.match(table.stdout, /^1 dead letter\(s\)$/m);
});

test('shows a dead letter with its original value decoded, or a hex preview, and exits 3 when absent', async () => {
  const byCapture = await runShelfctl(['dlq', 'show', capture(1).capture_id], env);
  assert.equal(byCapture.code, 0, byCapture.stderr);
  assert.match(byCapture.stdout, /reason_code\s+INGEST_IMAGE_CORRUPT/);
  assert.match(
    byCapture.stdout,
    new RegExp(`decoded with the schema of ${names.capturesRaw.replaceAll('.', '\\.')}`),
  );
  assert.match(byCapture.stdout, /"image_uri": "s3:\/\/shelfstream\/sha256\/1"/);
  const garbage = (await listJson('--reason', 'KAFKA_DECODE_FAILED'))[0];
  const byPosition = await runShelfctl(['dlq', 'show', String(garbage?.['position'])], env);
  assert.equal(byPosition.code, 0, byPosition.stderr);
  assert.match(byPosition.stdout, /hex preview/);
  assert.match(byPosition.stdout, /not avro at all/);
  const missing = await runShelfctl(['dlq', 'show', '5:999999'], env);
  assert.equal(missing.code, 3);
});

test('replay re-produces once to the origin topic; a dry run and a second replay add nothing', async () => {
  const before = await rawCount();
  const dry = await runShelfctl(['dlq', 'replay', '--stage', 'INGESTION', '--dry-run'], env);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /dry run: would replay 2/);
  assert.equal(await rawCount(), before, 'a dry run produces nothing');

  const refused = await runShelfctl(['dlq', 'replay'], env);
  assert.equal(refused.code, 2, 'replaying everything needs --all');

  const first = await runShelfctl(['dlq', 'replay', '--stage', 'INGESTION'], env);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /replayed 2, already replayed 0/);
  assert.equal(await rawCount(), before + 2);

  // --all also replays the non-Avro original (to images.ready): its bytes go back as they came.
  const second = await runShelfctl(['dlq', 'replay', '--all'], env);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /replayed 1, already replayed 2, undecodable 0/);
  assert.equal(await rawCount(), before + 2, 'a second replay adds nothing');

  const replayed = await readTopic(kafka, names.capturesRaw, {
    until: (r) => r.length >= before + 2,
    timeoutMs: 20_000,
  });
  const fromDlq = replayed.filter((r) => headerString(r.headers, 'x-replayed-from'));
  assert.deepEqual(fromDlq.map((r) => r.key).sort(), [capture(1).capture_id, capture(2).capture_id].sort());
  for (const r of fromDlq) {
    assert.match(headerString(r.headers, 'x-replayed-from') ?? '', /^dlq:\d+:\d+$/);
    assert.equal(headerString(r.headers, 'x-attempt'), '1');
    assert.equal(headerString(r.headers, 'x-due-ms'), undefined);
    const value = await codec.decode<CaptureSubmitted>(r.value, names.capturesRaw);
    assert.equal(value.capture_id, r.key);
  }
});
