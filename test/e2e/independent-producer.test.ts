/**
 * The independent path: a capture produced with nothing but the Avro schema file (schemas/CaptureSubmitted.avsc)
 * and the registry URL - a plain KafkaJS producer and the @kafkajs/confluent-schema-registry client, no project
 * code on the producing side - is validated, inferred and scored by the mesh.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  DemoSession,
  dropDatabase,
  localSessionOptions,
  readProgress,
  waitFor,
} from '../../apps/demo/src/index.js';

// The two clients are dependencies of packages/kafka; resolve them from there (the root has no dependencies), typed
// here by the little of their API this test uses.
interface PlainProducer {
  connect(): Promise<void>;
  send(request: {
    topic: string;
    acks: number;
    messages: { key: string; value: Buffer }[];
  }): Promise<unknown>;
  disconnect(): Promise<void>;
}
type KafkaClass = new (config: {
  clientId: string;
  brokers: string[];
  logLevel: number;
}) => { producer(options: { idempotent: boolean; maxInFlightRequests: number }): PlainProducer };
type RegistryClass = new (config: {
  host: string;
}) => {
  register(schema: { type: 'AVRO'; schema: string }, options: { subject: string }): Promise<{ id: number }>;
  encode(schemaId: number, value: unknown): Promise<Buffer>;
};
const requireFromKafka = createRequire(new URL('../../packages/kafka/package.json', import.meta.url));
const { Kafka } = requireFromKafka('kafkajs') as { Kafka: KafkaClass };
const { SchemaRegistry } = requireFromKafka('@kafkajs/confluent-schema-registry') as {
  SchemaRegistry: RegistryClass;
};

const suffix = randomBytes(4).toString('hex');
const options = localSessionOptions({
  namespace: `e2e-plain-${suffix}`,
  database: `shelfstream_test_e2e_plain_${suffix}`,
  stateSubdir: `e2e/plain-${suffix}`,
});
let session: DemoSession;

before(async () => {
  session = await DemoSession.start(options);
});

after(async () => {
  await session?.close();
  await dropDatabase(options.databaseUrl);
  // Logs stay under .stack/e2e/ for a post-mortem; the images are of no use once the run is over.
  rmSync(path.join(options.stateDir, 'blobs'), { recursive: true, force: true });
});

test('a capture produced with only the schema file and the registry URL is scored', async () => {
  const aisle = session.aisles[0];
  assert.ok(aisle);
  const capturedAt = Date.now() - 60_000;
  const deviceId = `${aisle.storeId}-plain-cam`;
  // The contract, by hand: sha256 of "store_id|aisle|captured_at (ISO-8601 UTC, ms)|device_id".
  const captureId = createHash('sha256')
    .update(`${aisle.storeId}|${aisle.aisle}|${new Date(capturedAt).toISOString()}|${deviceId}`)
    .digest('hex');
  const topic = `${options.namespace}.shelf.captures.raw.v1`;
  assert.equal(topic, session.topics.capturesRaw, 'namespace convention of the topic name');

  const registry = new SchemaRegistry({ host: options.connection.schemaRegistryUrl });
  const schema = readFileSync(new URL('../../schemas/CaptureSubmitted.avsc', import.meta.url), 'utf8');
  // register() of an already registered schema answers its existing id (BACKWARD compatible by construction).
  const { id: schemaId } = await registry.register({ type: 'AVRO', schema }, { subject: `${topic}-value` });
  const value = await registry.encode(schemaId, {
    capture_id: captureId,
    store_id: aisle.storeId,
    aisle: aisle.aisle,
    fixture_type: aisle.fixture,
    captured_at: capturedAt,
    device_id: deviceId,
    planogram_version: 'v1',
    image_bytes: aisle.scene.image,
    image_uri: null,
    content_type: 'image/jpeg',
    source: 'EDGE_DEVICE',
    submitted_at: Date.now(),
    attributes: {},
  });
  const kafka = new Kafka({
    clientId: 'plain-producer',
    brokers: [...options.connection.kafkaBrokers],
    logLevel: 0, // NOTHING
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key: captureId, value }] });
  } finally {
    await producer.disconnect();
  }

  const progress = await waitFor(
    'the plain capture to be scored',
    async () => {
      const p = await readProgress(session.pool, [captureId]);
      return p.terminal === 1 ? p : undefined;
    },
    120_000,
  );
  assert.deepEqual(progress.byState, { SCORED: 1 });
  const { rows } = await session.pool.query<{ store_id: string; planogram_version: number }>(
    'select store_id, planogram_version from shelfstream.compliance_results where capture_id = $1',
    [captureId],
  );
  assert.deepEqual(rows, [{ store_id: aisle.storeId, planogram_version: 1 }]);
});
