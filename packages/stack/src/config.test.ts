import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_PORTS, loadStackConfig } from './config.js';

const repoRoot = '/repo';
const load = (env: Record<string, string>) => loadStackConfig(env, { repoRoot });

function configError(env: Record<string, string>): { code: string; message: string } {
  try {
    load(env);
  } catch (err) {
    return err as { code: string; message: string };
  }
  assert.fail('expected loadStackConfig to throw');
}

describe('loadStackConfig', () => {
  it('uses the default ports, state dir, database and S3 identity when nothing is set', () => {
    const config = load({});
    assert.deepEqual(config.ports, { kafka: 19092, kafkaController: 19093, registry: 18081, s3: 18090 });
    assert.equal(config.stackDir, path.join(repoRoot, '.stack'));
    assert.equal(config.deployDir, path.join(repoRoot, 'deploy', 'local'));
    assert.equal(config.databaseUrl, 'postgres://postgres@127.0.0.1:5432/shelfstream');
    assert.equal(config.registryDatabase, 'shelfstream_registry');
    assert.deepEqual(config.s3, {
      identity: 'local-identity',
      credential: 'local-credential',
      bucket: 'shelfstream',
    });
    assert.equal(config.startTimeoutMs, 180_000);
    assert.equal(config.stopTimeoutMs, 20_000);
    assert.equal(config.javaBin, 'java');
    assert.equal(config.mavenBin, 'mvn');
  });

  it('adds STACK_PORT_OFFSET to every default port', () => {
    const config = load({ STACK_PORT_OFFSET: '100' });
    assert.deepEqual(config.ports, {
      kafka: DEFAULT_PORTS.kafka + 100,
      kafkaController: DEFAULT_PORTS.kafkaController + 100,
      registry: DEFAULT_PORTS.registry + 100,
      s3: DEFAULT_PORTS.s3 + 100,
    });
  });

  it('lets a port variable win over the offset', () => {
    const config = load({ STACK_PORT_OFFSET: '100', STACK_S3_PORT: '9000' });
    assert.equal(config.ports.s3, 9000);
    assert.equal(config.ports.kafka, 19192);
  });

  it('treats an empty variable as unset', () => {
    assert.equal(load({ STACK_KAFKA_PORT: '' }).ports.kafka, 19092);
  });

  it('names the variable when a port is not a number', () => {
    const err = configError({ STACK_KAFKA_PORT: 'abc' });
    assert.equal(err.code, 'STACK_CONFIG_INVALID');
    assert.match(err.message, /STACK_KAFKA_PORT: must be a whole number/);
    assert.match(err.message, /got "abc"/);
  });

  it('names the variable when a port is out of range', () => {
    const err = configError({ STACK_REGISTRY_PORT: '70000' });
    assert.equal(err.code, 'STACK_CONFIG_INVALID');
    assert.match(err.message, /STACK_REGISTRY_PORT: must be <= 65535/);
  });

  it('lists every bad variable in one error', () => {
    const err = configError({ STACK_S3_PORT: '-1', STACK_PORT_OFFSET: 'x', DATABASE_URL: 'mysql://x/y' });
    assert.match(err.message, /STACK_S3_PORT/);
    assert.match(err.message, /STACK_PORT_OFFSET/);
    assert.match(err.message, /DATABASE_URL/);
  });

  it('rejects an offset that would push a default port past 65535, naming STACK_PORT_OFFSET', () => {
    assert.equal(load({ STACK_PORT_OFFSET: '46442' }).ports.kafkaController, 65535);
    const err = configError({ STACK_PORT_OFFSET: '46443' });
    assert.equal(err.code, 'STACK_CONFIG_INVALID');
    assert.match(err.message, /STACK_PORT_OFFSET: must be <= 46442/);
  });

  it('rejects two components on one port', () => {
    const err = configError({ STACK_S3_PORT: '19092' });
    assert.match(err.message, /STACK_S3_PORT: port 19092 is also STACK_KAFKA_PORT/);
  });

  it('derives the registry database from DATABASE_URL unless STACK_REGISTRY_DATABASE is set', () => {
    assert.equal(load({ DATABASE_URL: 'postgres://u:p@db:5433/other' }).registryDatabase, 'other_registry');
    assert.equal(load({ STACK_REGISTRY_DATABASE: 'reg2' }).registryDatabase, 'reg2');
    assert.equal(configError({ STACK_REGISTRY_DATABASE: 'bad-name' }).code, 'STACK_CONFIG_INVALID');
  });

  it('does not print the password of a malformed DATABASE_URL (issue 12)', () => {
    const err = configError({ DATABASE_URL: 'postgres://user:s3cret@host:notaport/' });
    assert.equal(err.code, 'STACK_CONFIG_INVALID');
    assert.match(err.message, /DATABASE_URL/);
    assert.doesNotMatch(err.message, /s3cret/);
  });

  it('runs java from JAVA_HOME when it is set', () => {
    assert.equal(load({ JAVA_HOME: '/opt/jdk' }).javaBin, path.join('/opt/jdk', 'bin', 'java'));
  });

  it('rejects a bucket name S3 would refuse', () => {
    assert.match(configError({ STACK_S3_BUCKET: 'Bad_Bucket' }).message, /STACK_S3_BUCKET/);
  });

  it('returns a frozen config', () => {
    const config = load({});
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.ports));
    assert.ok(Object.isFrozen(config.s3));
  });
});

describe('STACK_KAFKA_BROKERS', () => {
  it('is one node unless asked for three', () => {
    assert.equal(load({}).kafkaBrokers, 1);
    assert.equal(load({ STACK_KAFKA_BROKERS: '3' }).kafkaBrokers, 3);
  });

  it('refuses any other count, naming the variable', () => {
    const err = configError({ STACK_KAFKA_BROKERS: '2' });
    assert.equal(err.code, 'STACK_CONFIG_INVALID');
    assert.match(err.message, /STACK_KAFKA_BROKERS/);
  });

  it('refuses three nodes whose extra ports collide with another port', () => {
    // Node 2 would listen on 19094: taken by the registry here.
    const err = configError({ STACK_KAFKA_BROKERS: '3', STACK_REGISTRY_PORT: '19094' });
    assert.match(
      err.message,
      /STACK_KAFKA_PORT \(\+2 for Kafka node 2\): port 19094 is also STACK_REGISTRY_PORT/,
    );
  });
});
