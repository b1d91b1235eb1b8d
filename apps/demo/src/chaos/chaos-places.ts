import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  defaultPgOsUser,
  loadStackConfig,
  PgCluster,
  type StackConfig,
  stackPaths,
  stopStack,
} from '@shelfstream/stack';
import type { ChaosOptions } from './chaos-options.js';

/** Where a chaos run keeps its stack and PostgreSQL cluster, apart from the developer's. */
export interface ChaosPlaces {
  readonly repoRoot: string;
  /** STACK_DIR of the chaos stack: `<repo>/.stack/chaos`. */
  readonly chaosDir: string;
  readonly pg: PgCluster;
  readonly stackConfig: StackConfig;
}

/** The harness's own places and ports: STACK_DIR `<repo>/.stack/chaos`, PostgreSQL in `<STACK_DIR>/pg`. */
export function chaosPlaces(
  options: Pick<ChaosOptions, 'portOffset' | 'pgBinDir' | 'brokers'>,
  env: NodeJS.ProcessEnv = process.env,
): ChaosPlaces {
  if (options.portOffset <= 0)
    throw new Error('the chaos stack needs a port offset > 0 (offset 0 is the developer stack)');
  const repoRoot = loadStackConfig(env).repoRoot;
  const chaosDir = path.join(repoRoot, '.stack', 'chaos');
  const pg = new PgCluster({
    binDir: options.pgBinDir,
    rootDir: path.join(chaosDir, 'pg'),
    port: 15432 + options.portOffset,
    osUser: defaultPgOsUser(),
  });
  const stackEnv: Record<string, string | undefined> = {
    ...env,
    STACK_DIR: chaosDir,
    STACK_PORT_OFFSET: String(options.portOffset),
    STACK_KAFKA_BROKERS: String(options.brokers ?? 1),
    DATABASE_URL: pg.url('shelfstream_chaos'),
  };
  // Explicit ports of the caller's environment would point at another stack: only the offset counts here.
  for (const name of [
    'STACK_KAFKA_PORT',
    'STACK_KAFKA_CONTROLLER_PORT',
    'STACK_REGISTRY_PORT',
    'STACK_S3_PORT',
    'STACK_REGISTRY_DATABASE',
  ])
    delete stackEnv[name];
  const stackConfig = loadStackConfig(stackEnv);
  return { repoRoot, chaosDir, pg, stackConfig };
}

/** Stops a chaos stack left by an earlier run, wipes its Kafka and S3 data, seeds the jar classpath cache. */
export async function resetChaosStack(places: Pick<ChaosPlaces, 'repoRoot' | 'stackConfig'>): Promise<void> {
  await stopStack(places.stackConfig).catch(() => undefined);
  const paths = stackPaths(places.stackConfig);
  // Every node's data and the cluster id: the next start formats a new cluster of the asked-for shape.
  rmSync(paths.kafkaDir, { recursive: true, force: true });
  rmSync(paths.s3proxyDataDir, { recursive: true, force: true });
  // Reads (never writes) the developer stack's resolved classpaths, so the chaos stack starts without Maven.
  const devCache = path.join(places.repoRoot, '.stack', 'cache');
  if (existsSync(devCache)) {
    mkdirSync(paths.cacheDir, { recursive: true });
    for (const f of readdirSync(devCache))
      if (f.endsWith('.classpath') && !existsSync(path.join(paths.cacheDir, f)))
        copyFileSync(path.join(devCache, f), path.join(paths.cacheDir, f));
  }
}
