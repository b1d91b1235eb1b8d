import pg from 'pg';
import { stackError } from './reasons.js';

/** Where Apicurio's JDBC storage connects, derived from DATABASE_URL. */
export interface JdbcTarget {
  readonly url: string;
  readonly username: string;
  readonly password: string;
}

/** `DATABASE_URL` with the password masked, for printing. */
export function redactDatabaseUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password !== '') url.password = '***';
  return url.toString();
}

/** The JDBC target for `database` on the server of `databaseUrl` (same host, port, user, password). */
export function toJdbcTarget(databaseUrl: string, database: string): JdbcTarget {
  const url = new URL(databaseUrl);
  const port = url.port === '' ? '5432' : url.port;
  return {
    url: `jdbc:postgresql://${url.hostname}:${port}/${database}${url.search}`,
    username: decodeURIComponent(url.username) || 'postgres',
    password: decodeURIComponent(url.password),
  };
}

/** Whether PostgreSQL at `databaseUrl` answers `select 1`. Never throws. */
export async function probePostgres(databaseUrl: string, timeoutMs = 3000): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    const result = await client.query('select 1 as ok');
    return result.rows[0]?.ok === 1;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Whether a PostgreSQL server answers at the address of `databaseUrl`, whether or not its database exists yet. Never
 * throws. A reply carrying an SQLSTATE (3D000 no such database, 28P01 bad password, ...) comes from a server, so it
 * answers: a fresh machine's server has no `shelfstream` database until the stack creates it, and must not be taken
 * for an empty port.
 */
export async function postgresServerAnswers(databaseUrl: string, timeoutMs = 3000): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    return true;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Creates each database that does not exist yet, connecting to the server's `postgres` database.
 *
 * Returns the names it created. Throws `STACK_POSTGRES_UNREACHABLE` when the server does not answer.
 */
export async function ensureDatabases(databaseUrl: string, databases: readonly string[]): Promise<string[]> {
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw stackError(
      'STACK_POSTGRES_UNREACHABLE',
      `postgres: cannot connect to ${redactDatabaseUrl(admin.toString())}: ${(err as Error).message} ` +
        '(the stack starts a PostgreSQL of its own only when DATABASE_URL is unset and STACK_PG_BIN holds initdb ' +
        'and pg_ctl: start a server, set DATABASE_URL, or install the PostgreSQL server package)',
      err,
    );
  }
  const created: string[] = [];
  try {
    for (const database of databases) {
      const found = await client.query('select 1 from pg_database where datname = $1', [database]);
      if (found.rowCount !== 0) continue;
      try {
        await client.query(`create database ${quoteIdentifier(database)}`);
        created.push(database);
      } catch (err) {
        // 42P04 duplicate_database, 23505 unique_violation: a concurrent `up` created it first.
        const code = (err as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') {
          throw stackError('STACK_SETUP_FAILED', `postgres: cannot create database ${database}`, err);
        }
      }
    }
  } finally {
    await client.end().catch(() => undefined);
  }
  return created;
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
