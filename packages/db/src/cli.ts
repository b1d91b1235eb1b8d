#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@shelfstream/config';
import { DEFAULT_DATABASE_URL, databaseConfig } from './database-config.js';
import { ensureDatabase } from './ensure-database.js';
import { migrate } from './migrate.js';

const HELP = `Usage: shelfstream-db migrate [--down] [--count N] [--help]

Creates the database if missing and applies pending migrations from packages/db/migrations
(node-pg-migrate; idempotent; concurrent runs wait on its lock).
Environment: DATABASE_URL (default ${DEFAULT_DATABASE_URL})
`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' }, down: { type: 'boolean' }, count: { type: 'string' } },
  });
  if (values.help || positionals[0] !== 'migrate') {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  const { databaseUrl } = loadConfig(databaseConfig);
  if (await ensureDatabase(databaseUrl)) process.stdout.write('created database\n');
  const result = await migrate(databaseUrl, {
    direction: values.down ? 'down' : 'up',
    ...(values.count ? { count: Number(values.count) } : values.down ? { count: 1 } : {}),
  });
  process.stdout.write(
    result.applied.length ? `applied: ${result.applied.join(', ')}\n` : 'database is up to date\n',
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof ConfigError ? err.message : `migrate failed: ${String(err)}`}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);
