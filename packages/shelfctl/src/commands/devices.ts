import { loadConfig } from '@shelfstream/config';
import { createPool, ensureDatabase, migrate } from '@shelfstream/db';
import {
  generateApiKey,
  hashApiKey,
  ingestionConfig,
  registerDevice,
  revokeDevice,
} from '@shelfstream/ingestion';
import type { Command } from 'commander';
import { CommandError, ExitCodes } from '../exit-codes.js';

/**
 * `shelfctl devices add|revoke`: device API keys for the ingestion gateway. `add` prints a new key ONCE (only its
 * SHA-256 is stored); adding an existing device rotates its key. Environment: DATABASE_URL.
 */
export function registerDevicesCommands(program: Command): void {
  const devices = program.command('devices').description('manage device API keys of the ingestion gateway');
  devices
    .command('add')
    .description('register a device (or rotate its key) and print its new API key once')
    .requiredOption('--store <store_id>', 'the store the device submits for')
    .requiredOption('--device <device_id>', 'the device id (the device_id of its captures)')
    .action(async (options: { store: string; device: string }) => {
      const databaseUrl = await prepare();
      const pool = createPool(databaseUrl, { max: 1, applicationName: 'shelfctl' });
      try {
        const key = generateApiKey();
        await registerDevice(pool, {
          deviceId: options.device,
          storeId: options.store,
          keyHash: hashApiKey(key),
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
}

async function prepare(): Promise<string> {
  const { databaseUrl } = loadConfig({ databaseUrl: ingestionConfig.databaseUrl });
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  return databaseUrl;
}
