import {
  createPool,
  ensureDatabase,
  generateApiKey,
  migrate,
  type Pool,
  publishPlanogram,
  registerDevice,
  type SecretKey,
} from '@shelfstream/db';
import { type KafkaConnection, provision } from '@shelfstream/kafka';
import type { Logger } from '@shelfstream/observability';
import type { Planogram } from '@shelfstream/planogram';

/**
 * Creates and migrates the database, then creates the namespace's topics and registers its schemas. Idempotent.
 */
export async function prepareNamespace(
  databaseUrl: string,
  connection: KafkaConnection,
  logger: Logger,
): Promise<void> {
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  await provision(connection, logger);
}

/** Publishes planograms (idempotent: unchanged content is a no-op); throws on a version conflict. */
export async function publishPlanograms(pool: Pool, planograms: readonly Planogram[]): Promise<void> {
  for (const planogram of planograms) {
    const outcome = await publishPlanogram(pool, planogram);
    if (outcome.kind === 'conflict')
      throw new Error(
        `planogram ${planogram.store_id}/${planogram.aisle} v${planogram.version}: version conflict`,
      );
  }
}

/**
 * Registers (or re-keys) devices; returns each device's new API key. `secretKey` encrypts their signing secrets: it
 * must be the INGEST_DEVICE_SECRET_KEY the ingestion service runs with.
 */
export async function registerDevices(
  pool: Pool,
  devices: readonly { deviceId: string; storeId: string }[],
  secretKey: SecretKey,
): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  for (const device of devices) {
    const key = generateApiKey();
    await registerDevice(pool, secretKey, { ...device, apiKey: key });
    keys.set(device.deviceId, key);
  }
  return keys;
}

/** Drops a database (test clean-up), connecting to the `postgres` database of the same server. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const pool = createPool(url.toString(), { max: 1, applicationName: 'demo-cleanup' });
  try {
    await pool.query(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`);
  } finally {
    await pool.end();
  }
}
