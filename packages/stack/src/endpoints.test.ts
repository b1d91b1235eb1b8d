import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadStackConfig } from './config.js';
import { stackEndpoints, stackEnvironment } from './endpoints.js';

const config = loadStackConfig(
  { STACK_PORT_OFFSET: '100', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/other' },
  { repoRoot: '/repo' },
);

it('points every endpoint at 127.0.0.1 on the offset ports', () => {
  assert.deepEqual(stackEndpoints(config), {
    kafkaBrokers: ['127.0.0.1:19192'],
    schemaRegistryUrl: 'http://127.0.0.1:18181/apis/ccompat/v7',
    databaseUrl: 'postgres://postgres@127.0.0.1:5432/other',
    s3: {
      endpoint: 'http://127.0.0.1:18190',
      region: 'us-east-1',
      bucket: 'shelfstream',
      accessKeyId: 'local-identity',
      secretAccessKey: 'local-credential',
      forcePathStyle: true,
    },
  });
});

it('exports the variables services read', () => {
  assert.deepEqual(stackEnvironment(config), {
    KAFKA_BROKERS: '127.0.0.1:19192',
    KAFKA_REPLICATION_FACTOR: '1',
    KAFKA_MIN_INSYNC_REPLICAS: '1',
    SCHEMA_REGISTRY_URL: 'http://127.0.0.1:18181/apis/ccompat/v7',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/other',
    S3_ENDPOINT: 'http://127.0.0.1:18190',
    S3_REGION: 'us-east-1',
    S3_BUCKET: 'shelfstream',
    S3_ACCESS_KEY_ID: 'local-identity',
    S3_SECRET_ACCESS_KEY: 'local-credential',
  });
});

it('lists every node of a three-node cluster and asks provisioning for its replication', () => {
  const three = loadStackConfig({ STACK_KAFKA_BROKERS: '3' }, { repoRoot: '/repo' });
  const env = stackEnvironment(three);
  assert.equal(env['KAFKA_BROKERS'], '127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096');
  assert.equal(env['KAFKA_REPLICATION_FACTOR'], '3');
  assert.equal(env['KAFKA_MIN_INSYNC_REPLICAS'], '2');
});
