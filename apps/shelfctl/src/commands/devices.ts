import { loadConfig } from '@shelfstream/config';
import {
  createPool,
  databaseConfig,
  deviceSecretConfig,
  ensureDatabase,
  generateApiKey,
  migrate,
  registerDevice,
  resealSigningSecrets,
  revokeDevice,
} from '@shelfstream/db';
import type { Command } from 'commander';
import { CommandError, ExitCodes } from '../exit-codes.js';

/**
 * `shelfctl devices add|revoke|reseal`: device API keys for the ingestion gateway. `add` prints a new key ONCE: the
 * database keeps its SHA-256 (bearer check) and the device's HMAC signing secret (derived from the key) encrypted
 * under INGEST_DEVICE_SECRET_KEY, the same key the ingestion service runs with. Adding an existing device rotates its
 * key. `reseal` re-encrypts every signing secret under the current INGEST_DEVICE_SECRET_KEY after a rotation.
 * Environment: DATABASE_URL, INGEST_DEVICE_SECRET_KEY (and INGEST_DEVICE_SECRET_KEY_PREVIOUS for reseal).
 */
export function registerDevicesCommands(program: Command): void {
  const devices = program.command('devices').description('manage device API keys of the ingestion gateway');
  devices
    .command('add')
    .description('register a device (or rotate its key) and print its new API key once')
    .requiredOption('--store <store_id>', 'the store the device submits for')
    .requiredOption('--device <device_id>', 'the device id (the device_id of its captures)')
    .action(async (options: { store: string; device: string }) => {
      const { deviceSecretKey } = secretKeys();
      const databaseUrl = await prepare();
      const pool = createPool(databaseUrl, { max: 1, applicationName: 'shelfctl' });
      try {
        const key = generateApiKey();
        await registerDevice(pool, deviceSecretKey, {
          deviceId: options.device,
          storeId: options.store,
          apiKey: key,
        });
        process.stdout.write(`${key}\n`);
        process.stderr.write(
          `device ${options.device} (store ${options.store}) registered; store the key now, it is not shown again\n`,
        );
      } finally {
        await pool.end();
      }
    });
  devices
    .command('revoke')
    .description("revoke a device's API key (its requests then get 401)")
    .requiredOption('--device <device_id>', 'the device id')
    .action(async (options: { device: string }) => {
      const databaseUrl = await prepare();
      const pool = createPool(databaseUrl, { max: 1, applicationName: 'shelfctl' });
      try {
        if (!(await revokeDevice(pool, options.device))) {
          throw new CommandError(`no device ${options.device}`, ExitCodes.notFound);
        }
        process.stdout.write(`revoked ${options.device}\n`);
      } finally {
        await pool.end();
      }
    });
  devices
    .command('reseal')
    .description(
      'after rotating INGEST_DEVICE_SECRET_KEY: re-encrypt every signing secret under it (old keys in INGEST_DEVICE_SECRET_KEY_PREVIOUS)',
    )
    .action(async () => {
      const { deviceSecretKey, previousDeviceSecretKeys } = secretKeys();
      const databaseUrl = await prepare();
      const pool = createPool(databaseUrl, { max: 1, applicationName: 'shelfctl' });
      try {
        const { resealed, unreadable } = await resealSigningSecrets(
          pool,
          deviceSecretKey,
          previousDeviceSecretKeys ?? [],
        );
        process.stdout.write(`resealed ${resealed} signing secret(s)\n`);
        if (unreadable.length > 0) {
          throw new CommandError(
            `no key opens the signing secret of ${unreadable.join(', ')}: set INGEST_DEVICE_SECRET_KEY_PREVIOUS, or rotate their keys with devices add`,
            ExitCodes.notFound,
          );
        }
      } finally {
        await pool.end();
      }
    });
}

/** The device-secret keys, by the definition the ingestion service uses too (same variables, same messages). */
function secretKeys() {
  return loadConfig(deviceSecretConfig);
}

async function prepare(): Promise<string> {
  const { databaseUrl } = loadConfig(databaseConfig);
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  return databaseUrl;
}
