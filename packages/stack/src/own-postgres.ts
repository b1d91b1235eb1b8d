import { existsSync } from 'node:fs';
import path from 'node:path';
import type { StackConfig } from './config.js';
import { defaultPgOsUser, PgCluster } from './pg-cluster.js';
import { postgresServerAnswers } from './postgres.js';
import type { StackPaths } from './stack-paths.js';

/** Which PostgreSQL the stack uses: the one at DATABASE_URL (or the default address), or a cluster of its own. */
export type PostgresChoice = 'external' | 'own' | 'unreachable';

/**
 * The choice (pure). A cluster of the stack's own runs only where the URL is the default one and nothing else answers
 * there, so a newcomer needs no server; an explicit `DATABASE_URL` is always the caller's server, only checked, and
 * a server that answers at the default address is used as it is (never stopped or reconfigured).
 */
export function choosePostgres(input: {
  readonly urlIsDefault: boolean;
  /** The stack's own cluster is running from an earlier `up`. */
  readonly ownRunning: boolean;
  /** A PostgreSQL server answers at the URL's address (its database may not exist yet). */
  readonly answers: boolean;
  /** initdb and pg_ctl exist in the configured folder. */
  readonly binariesFound: boolean;
}): PostgresChoice {
  if (input.urlIsDefault && input.ownRunning) return 'own';
  if (input.answers) return 'external';
  return input.urlIsDefault && input.binariesFound ? 'own' : 'unreachable';
}

/** The stack's own cluster: under `STACK_DIR/postgres`, on the port of the default URL, run as `postgres` by root. */
export function ownPostgres(config: StackConfig, paths: StackPaths): PgCluster {
  const port = Number(new URL(config.databaseUrl).port || '5432');
  return new PgCluster({
    binDir: config.postgresBinDir,
    rootDir: paths.postgresDir,
    port,
    osUser: defaultPgOsUser(),
  });
}

/** Whether the binaries of the stack's own cluster are there. */
export function postgresBinariesFound(config: StackConfig): boolean {
  return ['initdb', 'pg_ctl'].every((name) => existsSync(path.join(config.postgresBinDir, name)));
}

/** Whether the stack's own cluster serves the URL now (only ever the default URL). */
export async function ownPostgresRunning(config: StackConfig, paths: StackPaths): Promise<boolean> {
  return config.databaseUrlIsDefault && (await ownPostgres(config, paths).isRunning());
}

/** Looks at what runs and decides (see {@link choosePostgres}). */
export async function decidePostgres(config: StackConfig, paths: StackPaths): Promise<PostgresChoice> {
  const ownRunning = await ownPostgresRunning(config, paths);
  return choosePostgres({
    urlIsDefault: config.databaseUrlIsDefault,
    ownRunning,
    answers: ownRunning || (await postgresServerAnswers(config.databaseUrl)),
    binariesFound: postgresBinariesFound(config),
  });
}

/**
 * Starts the stack's own cluster (initdb on the first start) unless it runs; resolves once it accepts connections.
 * Returns what it did.
 */
export async function startOwnPostgres(
  config: StackConfig,
  paths: StackPaths,
): Promise<'reused' | 'started' | 'created'> {
  const own = ownPostgres(config, paths);
  if (await own.isRunning()) return 'reused';
  const created = await own.initIfMissing();
  await own.start();
  return created ? 'created' : 'started';
}

/** Stops the stack's own cluster (a clean `-m fast` stop) when it runs; false when there was none. */
export async function stopOwnPostgres(config: StackConfig, paths: StackPaths): Promise<boolean> {
  const own = ownPostgres(config, paths);
  if (!(await own.isRunning())) return false;
  await own.stop('fast');
  return true;
}
