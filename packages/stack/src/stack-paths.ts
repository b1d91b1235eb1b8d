import path from 'node:path';
import type { StackConfig } from './config.js';

/** Where each file of the stack lives under `STACK_DIR` (one folder holds all state and logs). */
export interface StackPaths {
  readonly root: string;
  /** Present in every state dir this launcher created; `down --purge` deletes only such a folder. */
  readonly marker: string;
  /** Pid files and the command lock. */
  readonly runDir: string;
  readonly logsDir: string;
  /** Resolved Maven classpaths, keyed by pom hash. */
  readonly cacheDir: string;
  readonly kafkaDir: string;
  readonly kafkaDataDir: string;
  readonly apicurioDir: string;
  readonly s3proxyDir: string;
  readonly s3proxyDataDir: string;
  /** The stack's own PostgreSQL cluster, when it runs one (`data/`, `sock/`, `postgres.log`). */
  readonly postgresDir: string;
}

/** Lays out the state dir of `config` (pure: creates nothing). */
export function stackPaths(config: Pick<StackConfig, 'stackDir'>): StackPaths {
  const root = config.stackDir;
  return {
    root,
    marker: path.join(root, '.shelfstream-stack'),
    runDir: path.join(root, 'run'),
    logsDir: path.join(root, 'logs'),
    cacheDir: path.join(root, 'cache'),
    kafkaDir: path.join(root, 'kafka'),
    kafkaDataDir: path.join(root, 'kafka', 'data'),
    apicurioDir: path.join(root, 'apicurio'),
    s3proxyDir: path.join(root, 's3proxy'),
    s3proxyDataDir: path.join(root, 's3proxy', 'data'),
    postgresDir: path.join(root, 'postgres'),
  };
}

/** The pid file of a component. */
export function pidFilePath(paths: StackPaths, component: string): string {
  return path.join(paths.runDir, `${component}.pid`);
}

/** The file a component's stdout and stderr are appended to. */
export function processLogPath(paths: StackPaths, component: string): string {
  return path.join(paths.logsDir, `${component}.log`);
}
