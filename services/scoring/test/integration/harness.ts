import { fileURLToPath } from 'node:url';
import { createPool, ensureDatabase, migrate, type Pool } from '@shelfstream/db';
import { type AvroCodec, type KafkaConnection, TypedProducer } from '@shelfstream/kafka';
import { loggedAddress, type SpawnedService, spawnService, testNamespace } from '@shelfstream/testkit';
import type { Kafka } from 'kafkajs';
import pg from 'pg';

const BASE_DB_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/shelfstream';

/** A fresh migrated database of a test and a pool on it; `drop()` ends the pool and drops the database. */
export interface TestDatabase {
  readonly databaseUrl: string;
  readonly pool: Pool;
  drop(): Promise<void>;
}

/** Creates and migrates `shelfstream_test_<name>` (non-alphanumerics become `_`) on the stack's PostgreSQL. */
export async function createTestDatabase(name: string, poolSize: number): Promise<TestDatabase> {
  const dbName = `shelfstream_test_${name.replace(/[^a-z0-9]/g, '_')}`;
  const url = new URL(BASE_DB_URL);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  const pool = createPool(databaseUrl, { max: poolSize });
  // `drop database ... with (force)` at the end terminates idle connections: not an error here.
  pool.on('error', () => undefined);
  return {
    databaseUrl,
    pool,
    drop: async () => {
      await pool.end();
      const admin = new URL(BASE_DB_URL);
      admin.pathname = '/postgres';
      const client = new pg.Client({ connectionString: admin.toString() });
      client.on('error', () => undefined);
      await client.connect();
      await client.query(`drop database if exists "${dbName}" with (force)`);
      await client.end();
    },
  };
}

/** One isolated test world: a topic namespace on the shared stack and a database of its own. */
export interface TestWorld {
  readonly namespace: string;
  readonly connection: KafkaConnection;
  readonly kafka: Kafka;
  readonly codec: AvroCodec;
  readonly producer: TypedProducer;
  readonly databaseUrl: string;
  readonly pool: Pool;
  close(): Promise<void>;
}

/** Provisions a fresh namespace and a fresh migrated database `shelfstream_test_<x>`. */
export async function createWorld(prefix: string): Promise<TestWorld> {
  const { ns: namespace, connection, kafka, codec, provision } = testNamespace(prefix);
  await provision();
  const producer = new TypedProducer(kafka, codec);
  await producer.connect();
  const database = await createTestDatabase(namespace, 4);
  return {
    namespace,
    connection,
    kafka,
    codec,
    producer,
    databaseUrl: database.databaseUrl,
    pool: database.pool,
    close: async () => {
      await producer.disconnect();
      await database.drop();
    },
  };
}

/** A running scoring process: `started` resolves with the base URL of its health/metrics server. */
export type ServiceProcess = SpawnedService<string>;

const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** Starts `services/scoring` with `--role <role>` against the world's namespace and database. */
export function startScoring(
  world: TestWorld,
  role: 'scorer' | 'state-tracker',
  env: Record<string, string> = {},
): ServiceProcess {
  return spawnService({
    script: main,
    args: ['--role', role],
    name: role,
    env: {
      KAFKA_TOPIC_NAMESPACE: world.namespace,
      DATABASE_URL: world.databaseUrl,
      HTTP_PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    ready: loggedAddress(),
    readyTimeoutMs: 60_000,
  });
}

/** The sum of a counter or histogram-count series in a Prometheus text scrape whose line matches `pattern`. */
export async function scrapeMetric(baseUrl: string, pattern: RegExp): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => pattern.test(line))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}
