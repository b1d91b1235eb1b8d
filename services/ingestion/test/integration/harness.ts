import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CaptureAccepted, DeadLetter, TopicNames } from '@shelfstream/contracts';
import {
  createPool,
  ensureDatabase,
  generateApiKey,
  migrate,
  type Pool,
  parseSecretKey,
  registerDevice,
  type SecretKey,
} from '@shelfstream/db';
import type { AvroCodec, KafkaConnection } from '@shelfstream/kafka';
import {
  loggedAddress,
  readTopic,
  spawnService,
  testNamespace,
  testStackEnvironment,
} from '@shelfstream/testkit';
import type { Kafka } from 'kafkajs';

const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** A running ingestion service on its own namespace, database and blob folder. */
export interface IngestionUnderTest {
  readonly ns: string;
  readonly topics: TopicNames;
  readonly connection: KafkaConnection;
  readonly kafka: Kafka;
  readonly codec: AvroCodec;
  readonly pool: Pool;
  readonly databaseUrl: string;
  readonly blobRoot: string;
  readonly baseUrl: string;
  readonly child: ChildProcess;
  output(): string;
  /** Registers a device and returns its API key. */
  addDevice(deviceId: string, storeId: string): Promise<string>;
  validated(until: (n: number) => boolean, timeoutMs?: number): Promise<CaptureAccepted[]>;
  deadLetters(until: (n: number) => boolean, timeoutMs?: number): Promise<DeadLetter[]>;
  stop(): Promise<void>;
}

/** Provisions a namespace and a test database, then starts the service as a child process. */
export async function startIngestion(env: Record<string, string> = {}): Promise<IngestionUnderTest> {
  const { ns, topics, connection, kafka, codec, provision } = testNamespace('t', {
    clientId: 'ingestion-test',
  });
  await provision();
  const stackEnv = testStackEnvironment();
  const dbName = `shelfstream_test_${ns.replace(/-/g, '_')}`;
  const dbUrl = new URL(stackEnv['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/shelfstream');
  dbUrl.pathname = `/${dbName}`;
  const databaseUrl = dbUrl.toString();
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  const pool = createPool(databaseUrl, { max: 2 });
  const blobRoot = await mkdtemp(join(tmpdir(), 'ingest-blobs-'));
  // The key that encrypts device signing secrets: one per run, shared by the service and addDevice.
  const secretKeyText = env['INGEST_DEVICE_SECRET_KEY'] ?? randomBytes(32).toString('hex');
  const secretKey = parseSecretKey(secretKeyText) as SecretKey;

  const service = spawnService({
    script: main,
    name: 'ingestion',
    env: {
      KAFKA_TOPIC_NAMESPACE: ns,
      HTTP_PORT: '0',
      DATABASE_URL: databaseUrl,
      BLOB_STORE_URL: pathToFileURL(blobRoot).href,
      INGEST_DEVICE_SECRET_KEY: secretKeyText,
      LOG_LEVEL: 'info',
      ...env,
    },
    ready: loggedAddress(),
    readyTimeoutMs: 90_000,
  });
  const baseUrl = await service.started;
  const { child } = service;

  return {
    ns,
    topics,
    connection,
    kafka,
    codec,
    pool,
    databaseUrl,
    blobRoot,
    baseUrl,
    child,
    output: service.output,
    async addDevice(deviceId, storeId) {
      const key = generateApiKey();
      await registerDevice(pool, secretKey, { deviceId, storeId, apiKey: key });
      return key;
    },
    async validated(until, timeoutMs = 30_000) {
      const records = await readTopic<CaptureAccepted>(kafka, topics.capturesValidated, {
        until: (r) => until(r.length),
        decode: (v) => codec.decode<CaptureAccepted>(v, topics.capturesValidated),
        timeoutMs,
      });
      return records.map((r) => r.decoded as CaptureAccepted);
    },
    async deadLetters(until, timeoutMs = 30_000) {
      const records = await readTopic<DeadLetter>(kafka, topics.deadLetters, {
        until: (r) => until(r.length),
        decode: (v) => codec.decode<DeadLetter>(v, topics.deadLetters),
        timeoutMs,
      });
      return records.map((r) => r.decoded as DeadLetter);
    },
    async stop() {
      await service.stop();
      await pool.end();
      const admin = createPool(databaseUrl.replace(`/${dbName}`, '/postgres'), { max: 1 });
      await admin.query(`drop database if exists "${dbName}" with (force)`).catch(() => undefined);
      await admin.end();
      await rm(blobRoot, { recursive: true, force: true });
    },
  };
}

/** Produces records to the raw topic as an edge device would (plain idempotent producer). */
export async function produceRaw(
  t: IngestionUnderTest,
  records: readonly { key: string | null; value: Buffer }[],
): Promise<void> {
  const producer = t.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({ topic: t.topics.capturesRaw, acks: -1, messages: records.map((r) => ({ ...r })) });
  await producer.disconnect();
}
