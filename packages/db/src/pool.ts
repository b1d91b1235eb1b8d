import pg from 'pg';

/** A PostgreSQL connection pool. */
export type Pool = pg.Pool;

/** Creates a pool for `databaseUrl`; `max` connections, idle ones closed after 10 s. */
export function createPool(
  databaseUrl: string,
  options: { max?: number; applicationName?: string } = {},
): Pool {
  return new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    idleTimeoutMillis: 10_000,
    application_name: options.applicationName ?? 'shelfstream',
  });
}
