import type { ComponentName, ProcessComponentName } from './component.js';
import type { StackConfig } from './config.js';
import { ownPostgresRunning } from './own-postgres.js';
import { probePostgres, redactDatabaseUrl } from './postgres.js';
import { isOwnedProcess, readPidFile } from './process-control.js';
import { componentNamed, kafkaComponentNames, ownerToken, processComponents } from './stack-components.js';
import { pidFilePath, stackPaths } from './stack-paths.js';

/** One line of `pnpm stack:status`. */
export interface ComponentStatus {
  readonly name: ComponentName | ProcessComponentName;
  /** `up`: ours (or, for PostgreSQL, reachable) and healthy. */
  readonly state: 'up' | 'down';
  /** Null for PostgreSQL (not started by the stack) and for components not running. */
  readonly pid: number | null;
  readonly endpoint: string;
  /** Why it is down, or what runs instead. */
  readonly detail: string;
}

/** Checks every component (pid file, process ownership and the real health probe), in parallel. */
export async function stackStatus(config: StackConfig): Promise<ComponentStatus[]> {
  const paths = stackPaths(config);
  const components = processComponents(config, paths);
  const postgres = (async (): Promise<ComponentStatus> => {
    const up = await probePostgres(config.databaseUrl);
    const own = up && (await ownPostgresRunning(config, paths));
    return {
      name: 'postgres',
      state: up ? 'up' : 'down',
      pid: null,
      endpoint: redactDatabaseUrl(config.databaseUrl),
      detail: own
        ? `own cluster in ${paths.postgresDir}`
        : up
          ? 'external (not started by the stack)'
          : 'not answering select 1',
    };
  })();
  const processStatus = async (name: ProcessComponentName): Promise<ComponentStatus> => {
    const component = componentNamed(components, name);
    const pid = await readPidFile(pidFilePath(paths, name));
    const owned = pid !== undefined && isOwnedProcess(pid, ownerToken(paths));
    const healthy = await component.probe();
    const base = { name, pid: owned ? (pid ?? null) : null, endpoint: component.endpoint };
    if (owned && healthy) return { ...base, state: 'up', detail: 'healthy' };
    if (owned)
      return { ...base, state: 'down', detail: 'running but not healthy (starting, or see its log)' };
    const detail = healthy ? 'port answers, but not a process of this stack' : 'not running';
    return { ...base, state: 'down', detail };
  };
  const kafka = kafkaComponentNames(config, paths).map(processStatus);
  return Promise.all([postgres, ...kafka, processStatus('s3proxy'), processStatus('apicurio')]);
}
