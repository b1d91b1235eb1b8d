import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FsBlobStore } from '@shelfstream/blob-store';
import type { CaptureSubmitted } from '@shelfstream/contracts';
import { TypedProducer } from '@shelfstream/kafka';
import { readTopic, testNamespace } from '@shelfstream/testkit';
import {
  KafkaCaptureSink,
  ManifestWriter,
  parseManifest,
  planCaptures,
  simulateDevices,
} from '../../src/index.js';

const { kafka, codec, topics, provision } = testNamespace('t-devsim');
const rawTopic = topics.capturesRaw;
const maxInlineBytes = 40_000;
let dir: string;

before(async () => {
  await provision();
  dir = await mkdtemp(join(tmpdir(), 'devsim-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('sends 20 planned captures over Kafka and reads them back from the raw topic as the manifest says', async () => {
  const plan = planCaptures({
    seed: 11,
    stores: 2,
    devicesPerStore: 2,
    count: 20,
    channel: 'kafka',
    startAt: Date.now() - 60_000,
    mix: { duplicate: 0.2, degraded: 0.15, corrupt: 0.1, drift: 0.1 },
  });
  const producer = new TypedProducer(kafka, codec);
  await producer.connect();
  const blobs = new FsBlobStore(join(dir, 'blobs'));
  const sink = new KafkaCaptureSink({ producer, rawTopic, blobStore: blobs, maxInlineBytes });
  const manifestPath = join(dir, 'manifest.jsonl');
  const writer = new ManifestWriter(manifestPath);
  try {
    await simulateDevices(plan, {
      sinks: { kafka: sink },
      ratePerSecond: 0,
      render: { width: 480, height: 360 },
      onSent: (e) => writer.write(e),
    });
  } finally {
    await writer.close();
    await sink.close();
  }
  const manifest = parseManifest(await readFile(manifestPath, 'utf8'));
  assert.equal(manifest.length, 20);
  assert.deepEqual(
    manifest.map((m) => m.kind),
    plan.map((p) => p.kind),
  );

  const records = await readTopic<CaptureSubmitted>(kafka, rawTopic, {
    until: (r) => r.length >= 20,
    decode: (v) => codec.decode<CaptureSubmitted>(v, rawTopic),
    timeoutMs: 30_000,
  });
  assert.equal(records.length, 20);
  const bySeq = new Map(records.map((r) => [Number(r.decoded?.attributes['seq']), r]));
  for (const entry of manifest) {
    const record = bySeq.get(entry.seq);
    const value = record?.decoded;
    assert.ok(record && value, `seq ${entry.seq} read back`);
    assert.equal(record.key, entry.capture_id, 'key = idempotency key');
    assert.equal(value.capture_id, entry.capture_id);
    assert.equal(value.planogram_version, entry.planogram_version);
    assert.equal(value.source, 'EDGE_DEVICE');
    assert.equal(value.fixture_type, entry.fixture);
    const image = value.image_bytes ?? (await blobs.get(value.image_uri as string));
    assert.ok((value.image_bytes === null) !== (value.image_uri === null), 'exactly one of bytes and uri');
    assert.equal(
      value.image_uri === null,
      entry.image_bytes <= maxInlineBytes,
      'inline only under the limit',
    );
    assert.equal(image.length, entry.image_bytes);
    // A duplicate re-sends its original's bytes, so it is truncated when its original was corrupt.
    const rootKind = entry.duplicate_of === null ? entry.kind : manifest[entry.duplicate_of]?.kind;
    if (rootKind === 'corrupt')
      assert.notDeepEqual(image.subarray(-2), Buffer.from([0xff, 0xd9]), 'truncated JPEG');
    else assert.deepEqual(image.subarray(-2), Buffer.from([0xff, 0xd9]), 'complete JPEG');
  }
  const duplicates = manifest.filter((m) => m.kind === 'duplicate');
  assert.ok(duplicates.length > 0, 'the plan has duplicates');
  for (const d of duplicates) {
    assert.equal(
      d.capture_id,
      manifest[d.duplicate_of as number]?.capture_id,
      'a duplicate re-sends the same key',
    );
  }
});

test('the CLI prints its help and exits 0, and exits 2 on a bad option', () => {
  const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['--conditions=@shelfstream/source', '--import', 'tsx', cli, ...args], {
      encoding: 'utf8',
    });
  const help = run(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /usage: device-simulator/);
  assert.equal(run(['--channel', 'carrier-pigeon']).status, 2);
  assert.equal(run(['--bogus']).status, 2);
});
