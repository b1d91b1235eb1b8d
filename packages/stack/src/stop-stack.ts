import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { KAFKA_NODE_NAMES, type ProcessComponentName } from './component.js';
import type { StackConfig } from './config.js';
import { stopOwnPostgres } from './own-postgres.js';
import { isOwnedProcess, readPidFile, removePidFile, stopProcess } from './process-control.js';
import { stackError } from './reasons.js';
import { ownerToken } from './stack-components.js';
import { pidFilePath, type StackPaths, stackPaths } from './stack-paths.js';
import { withStateLock } from './state-lock.js';

/** Options of {@link stopStack}. */
export interface StopStackOptions {
  /** Also delete the whole state dir (Kafka data, S3 objects, logs). The PostgreSQL databases stay. */
  readonly purge?: boolean;
  readonly log?: (line: string) => void;
}

/** How one component was stopped. */
export interface StopResult {
  readonly name: ProcessComponentName;
  /** `term`: exited on SIGTERM; `kill`: needed SIGKILL; `not-running`: nothing of ours ran. */
  readonly outcome: 'term' | 'kill' | 'not-running';
  readonly pid: number | undefined;
}

/**
 * Stops the stack's processes (SIGTERM, up to STACK_STOP_TIMEOUT_MS, then SIGKILL) and removes their pid
 * files; Apicurio first, then Kafka and S3Proxy together. With `purge`, deletes the state dir, but only
 * one that holds the launcher's marker file (`STACK_PURGE_REFUSED` otherwise).
 */
export async function stopStack(config: StackConfig, options: StopStackOptions = {}): Promise<StopResult[]> {
  const log = options.log ?? (() => undefined);
  const paths = stackPaths(config);
  if (!existsSync(paths.root)) {
    log(`nothing to stop: ${paths.root} does not exist`);
    return [];
  }
  if (options.purge && !existsSync(paths.marker)) {
    throw stackError(
      'STACK_PURGE_REFUSED',
      `${paths.root} has no .shelfstream-stack marker; not deleting it`,
    );
  }
  const lockFile = path.join(paths.runDir, 'stack.lock');
  const results = await withStateLock(lockFile, config.startTimeoutMs, async () => {
    const stop = (name: ProcessComponentName) => stopComponent(name, paths, config.stopTimeoutMs, log);
    const first = await stop('apicurio');
    // Every node a pid file names, whatever STACK_KAFKA_BROKERS says now: a stack started with 3 stops whole.
    const kafka = KAFKA_NODE_NAMES.filter((name) => name === 'kafka' || existsSync(pidFilePath(paths, name)));
    const rest = await Promise.all([...kafka.map(stop), stop('s3proxy')]);
    // After Apicurio, whose storage it may be.
    const t0 = Date.now();
    if (await stopOwnPostgres(config, paths))
      log(`  ${'postgres'.padEnd(9)} stopped (own cluster, pg_ctl stop -m fast, ${Date.now() - t0} ms)`);
    return [first, ...rest];
  });
  if (options.purge) {
    await rm(paths.root, { recursive: true, force: true });
    log(
      `purged ${paths.root} (databases of an external PostgreSQL kept; the stack's own cluster went with it)`,
    );
  }
  return results;
}

async function stopComponent(
  name: ProcessComponentName,
  paths: StackPaths,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<StopResult> {
  const pidFile = pidFilePath(paths, name);
  const pid = await readPidFile(pidFile);
  let outcome: StopResult['outcome'] = 'not-running';
  if (pid !== undefined && isOwnedProcess(pid, ownerToken(paths))) {
    const t0 = Date.now();
    const how = await stopProcess(pid, timeoutMs);
    outcome = how === 'gone' ? 'not-running' : how;
    log(
      `  ${name.padEnd(9)} stopped (${how === 'kill' ? 'SIGKILL' : 'SIGTERM'}, pid ${pid}, ${Date.now() - t0} ms)`,
    );
  } else {
    log(`  ${name.padEnd(9)} not running`);
  }
  await removePidFile(pidFile);
  return { name, outcome, pid };
}
