import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProcessComponentName } from './component.js';
import { ensureRunning, type RunResult } from './component-runner.js';
import type { StackConfig } from './config.js';
import { type StackEndpoints, stackEndpoints } from './endpoints.js';
import { recordedKafkaBrokers, recordKafkaBrokers } from './kafka-node-count.js';
import { decidePostgres, startOwnPostgres } from './own-postgres.js';
import { ensureDatabases, redactDatabaseUrl } from './postgres.js';
import { isOwnedProcess, readPidFile } from './process-control.js';
import { stackError } from './reasons.js';
import { componentNamed, kafkaComponentNames, ownerToken, processComponents } from './stack-components.js';
import { pidFilePath, stackPaths } from './stack-paths.js';
import { withStateLock } from './state-lock.js';

/** Options of {@link startStack}. */
export interface StartStackOptions {
  /** Receives one line per event (component ready, Maven run, total). @default no output */
  readonly log?: (line: string) => void;
  /**
   * Start the Kafka nodes alone (no PostgreSQL, S3Proxy or Apicurio): for tests of Kafka clients on a stack of their
   * own. @default false
   */
  readonly kafkaOnly?: boolean;
}

/**
 * Starts the local stack, or reuses what already runs (idempotent), and resolves when every part is
 * healthy: PostgreSQL checked, or started as a cluster of the stack's own when DATABASE_URL is unset and nothing
 * answers at the default address (databases created), Kafka and S3Proxy started in parallel, Apicurio
 * once PostgreSQL is ready.
 *
 * Throws a `STACK_*` error (see StackReasons) naming the failing component, with its log tail.
 */
export async function startStack(
  config: StackConfig,
  options: StartStackOptions = {},
): Promise<StackEndpoints> {
  const log = options.log ?? (() => undefined);
  const paths = stackPaths(config);
  const started = Date.now();
  await mkdir(paths.runDir, { recursive: true });
  await writeFile(
    paths.marker,
    'State of the shelfstream local stack (pnpm stack:up). Safe to delete when down.\n',
  );

  await withStateLock(path.join(paths.runDir, 'stack.lock'), config.startTimeoutMs, async () => {
    await refuseOtherKafkaShape(config);
    await recordKafkaBrokers(paths, config.kafkaBrokers);
    const components = processComponents(config, paths);
    const run = (name: ProcessComponentName): Promise<RunResult> =>
      ensureRunning(componentNamed(components, name), {
        pidFile: pidFilePath(paths, name),
        ownerToken: ownerToken(paths),
        timeoutMs: config.startTimeoutMs,
        log,
      }).then((result) => {
        log(formatResult(result));
        return result;
      });

    // Every Kafka node at once: with three, none is healthy before a quorum of controllers runs.
    const kafka = kafkaComponentNames(config, paths).map((name) => run(name));
    if (options.kafkaOnly) {
      await settleAll(kafka);
      return;
    }
    const postgres = (async () => {
      const t0 = Date.now();
      let where = redactDatabaseUrl(config.databaseUrl);
      let started = '';
      if ((await decidePostgres(config, paths)) === 'own') {
        const action = await startOwnPostgres(config, paths);
        where += ` (own cluster in ${paths.postgresDir})`;
        started = action === 'reused' ? '' : `${action}, `;
      }
      const database = new URL(config.databaseUrl).pathname.slice(1);
      const created = await ensureDatabases(config.databaseUrl, [database, config.registryDatabase]);
      const note = `${started}${created.length > 0 ? `created ${created.join(', ')}` : 'ready'}`;
      log(line('postgres', note, where, Date.now() - t0));
    })();
    const apicurio = postgres.then(() => run('apicurio'));
    await settleAll([postgres, ...kafka, run('s3proxy'), apicurio]);
  });

  log(`stack up in ${seconds(Date.now() - started)} (STACK_DIR=${paths.root})`);
  return stackEndpoints(config);
}

/**
 * A running single node cannot join a three-node quorum (nor the reverse): each shape has its own data dirs and
 * voters. Changing the shape needs a `down` first.
 */
async function refuseOtherKafkaShape(config: StackConfig): Promise<void> {
  const paths = stackPaths(config);
  const recorded = await recordedKafkaBrokers(paths);
  if (recorded === undefined || recorded === config.kafkaBrokers) return;
  const pid = await readPidFile(pidFilePath(paths, 'kafka'));
  if (pid === undefined || !isOwnedProcess(pid, ownerToken(paths))) return;
  throw stackError(
    'STACK_CONFIG_INVALID',
    `the stack in ${paths.root} runs ${recorded} Kafka node(s); asked for ${config.kafkaBrokers}: run \`pnpm stack:down\` first`,
  );
}

/** Waits for every start, then throws the first failure: never leaves a start running unobserved when a sibling fails. */
async function settleAll(starts: readonly Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(starts);
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length > 0) throw failures[0]?.reason;
}

function formatResult(result: RunResult): string {
  return line(result.name, result.action, `${result.endpoint}  pid ${result.pid}`, result.elapsedMs);
}

function line(name: string, action: string, where: string, elapsedMs: number): string {
  return `  ${name.padEnd(9)} ${action.padEnd(10)} ${where.padEnd(60)} ${seconds(elapsedMs).padStart(7)}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
