import path from 'node:path';
import { loadStackConfig, stackEnvironment } from '@shelfstream/stack';
import type { SessionOptions } from './demo-session.js';
import { meshConnection } from './mesh-connection.js';

/**
 * Session options for the running local stack (honouring STACK_* and connection variables of `env`): topic
 * namespace `namespace`, database `database` on the stack's PostgreSQL, state under `<repo>/.stack/<stateSubdir>`.
 */
export function localSessionOptions(
  where: { namespace: string; database: string; stateSubdir: string },
  shape: Partial<
    Pick<
      SessionOptions,
      'stores' | 'aislesPerStore' | 'devicesPerStore' | 'seed' | 'width' | 'height' | 'extraEnv'
    >
  > = {},
  env: NodeJS.ProcessEnv = process.env,
): SessionOptions {
  const stackConfig = loadStackConfig(env);
  const base = stackEnvironment(stackConfig);
  for (const name of Object.keys(base)) {
    const own = env[name];
    if (own) base[name] = own;
  }
  const url = new URL(base['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/shelfstream');
  url.pathname = `/${where.database}`;
  const stackEnv = { ...base, DATABASE_URL: url.toString() };
  const connection = meshConnection(stackEnv, where.namespace, env);
  return {
    repoRoot: stackConfig.repoRoot,
    namespace: where.namespace,
    databaseUrl: url.toString(),
    stateDir: path.join(stackConfig.repoRoot, '.stack', where.stateSubdir),
    stackEnv,
    connection,
    stores: shape.stores ?? 3,
    aislesPerStore: shape.aislesPerStore ?? 3,
    devicesPerStore: shape.devicesPerStore ?? 2,
    seed: shape.seed ?? 7,
    width: shape.width ?? 1280,
    height: shape.height ?? 960,
    ...(shape.extraEnv ? { extraEnv: shape.extraEnv } : {}),
  };
}
