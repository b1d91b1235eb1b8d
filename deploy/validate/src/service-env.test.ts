import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  extractEnvNames,
  findServiceEnvProblems,
  type ServiceContainer,
  serviceOfCommand,
  sharedConfigFiles,
} from './service-env.js';

describe('extractEnvNames', () => {
  it('reads the env names of a defineConfig source and nothing else', () => {
    const src = `defineConfig({
      modelPath: { env: 'MODEL_PATH', schema: z.string(), doc: "env: 'NOT_THIS' in a doc" },
      httpPort: {
        env: 'HTTP_PORT',
      },
    })`;
    assert.deepEqual(extractEnvNames(src), ['MODEL_PATH', 'HTTP_PORT']);
  });
});

describe('sharedConfigFiles', () => {
  it('adds the blob-store settings a service spreads (BLOB_STORE_URL, S3_* of issue 13) and nothing unused', () => {
    const src = `defineConfig({ ...blobStoreConfig, databaseUrl: { ...databaseConfig.databaseUrl, doc: 'x' } })`;
    assert.deepEqual(sharedConfigFiles(src), [
      'packages/blob-store/src/blob-store-config.ts',
      'packages/db/src/database-config.ts',
    ]);
    assert.deepEqual(sharedConfigFiles('defineConfig({ modelPath: {} })'), []);
  });
});

describe('serviceOfCommand', () => {
  it('finds the service of node services/<svc>/dist/main.js with or without node first', () => {
    assert.equal(serviceOfCommand(['services/inference/dist/main.js', '--tier', 'edge']), 'inference');
    assert.equal(serviceOfCommand(['node', 'services/model-server/dist/main.js']), 'model-server');
    assert.equal(serviceOfCommand(['node', 'packages/db/dist/cli.js', 'migrate']), undefined);
  });
});

describe('findServiceEnvProblems', () => {
  const known = (svc: string) => (svc === 'inference' ? new Set(['ROUTING_TABLE_PATH', 'HTTP_HOST']) : null);
  const container = (env: Record<string, string | undefined>, service = 'inference'): ServiceContainer => ({
    where: 'Deployment/x',
    service,
    env: new Map(Object.entries(env)),
  });

  it('accepts defined names, runtime names and a reachable HTTP_HOST', () => {
    const ok = container({ ROUTING_TABLE_PATH: '/r.json', HTTP_HOST: '0.0.0.0', UV_THREADPOOL_SIZE: '2' });
    assert.deepEqual(findServiceEnvProblems([ok], known), []);
  });

  it('reports a variable the service does not define (the routing-table drift it guards against)', () => {
    const drifted = container({ ROUTING_TABLE_FILE: '/r.yaml', HTTP_HOST: '::' });
    assert.deepEqual(findServiceEnvProblems([drifted], known), [
      'Deployment/x: ROUTING_TABLE_FILE is not a variable of services/inference',
    ]);
  });

  it('reports an unset or loopback HTTP_HOST and an unknown service', () => {
    assert.deepEqual(findServiceEnvProblems([container({}), container({ HTTP_HOST: '127.0.0.1' })], known), [
      'Deployment/x: HTTP_HOST is unset; must be 0.0.0.0 or ::',
      'Deployment/x: HTTP_HOST is 127.0.0.1; must be 0.0.0.0 or ::',
    ]);
    assert.deepEqual(findServiceEnvProblems([container({ HTTP_HOST: '::' }, 'nope')], known), [
      'Deployment/x: runs services/nope, which has no src/config.ts',
    ]);
  });
});
