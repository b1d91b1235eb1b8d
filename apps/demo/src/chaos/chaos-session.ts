import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { stackEnvironment } from '@shelfstream/stack';
import { DemoSession } from '../demo-session.js';
import { harnessLogger } from '../harness-logger.js';
import { meshConnection } from '../mesh-connection.js';
import type { ChaosOptions } from './chaos-options.js';
import type { ChaosPlaces } from './chaos-places.js';

/**
 * Starts the mesh of a chaos run on its own stack and PostgreSQL: a fresh topic namespace, every service's log and
 * the harness's own under `<chaosDir>/mesh/logs`.
 */
export async function startChaosSession(
  places: ChaosPlaces,
  options: Pick<ChaosOptions, 'blob' | 'seed'>,
  log: (line: string) => void,
): Promise<DemoSession> {
  const baseEnv = stackEnvironment(places.stackConfig);
  const namespace = `chaos-${Date.now().toString(36)}`;
  const databaseUrl = places.pg.url('shelfstream_chaos');
  const stateDir = path.join(places.chaosDir, 'mesh');
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(path.join(stateDir, 'logs'), { recursive: true });
  const stackEnv = { ...baseEnv, DATABASE_URL: databaseUrl };
  const connection = meshConnection(stackEnv, namespace);
  const logger = harnessLogger(stateDir, 'chaos');
  const extraEnv: Record<string, string> =
    options.blob === 's3' ? { BLOB_STORE_URL: `s3://${places.stackConfig.s3.bucket}/${namespace}` } : {};
  return DemoSession.start(
    {
      repoRoot: places.repoRoot,
      namespace,
      databaseUrl,
      stateDir,
      stackEnv,
      connection,
      stores: 3,
      aislesPerStore: 3,
      devicesPerStore: 2,
      seed: options.seed,
      width: 1280,
      height: 960,
      extraEnv,
      logger,
    },
    (l) => log(`  ${l}`),
  );
}
