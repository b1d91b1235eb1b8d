import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

/**
 * The migrations folder: `packages/db/migrations`, one level above both `src/` and `dist/`. Files are SQL with
 * `-- Up Migration` / `-- Down Migration` sections, named `<timestamp>_<what>.sql`; each stage owns its tables.
 */
export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

/** What a migration run applied. */
export interface MigrationResult {
  readonly applied: readonly string[];
}

/**
 * Applies pending migrations (node-pg-migrate, with its lock so concurrent runners wait for each other).
 * Idempotent: a second run applies nothing.
 */
export async function migrate(
  databaseUrl: string,
  options: { direction?: 'up' | 'down'; count?: number; log?: (line: string) => void } = {},
): Promise<MigrationResult> {
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: options.direction ?? 'up',
    count: options.count ?? Number.POSITIVE_INFINITY,
    migrationsTable: 'pgmigrations',
    checkOrder: true,
    singleTransaction: true,
    log: options.log ?? (() => undefined),
  });
  return { applied: applied.map((m) => m.name) };
}
