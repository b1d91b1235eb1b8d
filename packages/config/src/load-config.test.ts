import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { defineConfig } from './define-config.js';
import { configTableMarkdown } from './describe-config.js';
import { envBool, envInt, envList, envUrl } from './env-schemas.js';
import { loadConfig } from './load-config.js';
import { maskUrlPasswords } from './redact.js';

const definition = defineConfig({
  brokers: { env: 'KAFKA_BROKERS', schema: envList().default(['127.0.0.1:19092']), doc: 'bootstrap brokers' },
  port: { env: 'HTTP_PORT', schema: envInt({ min: 0, max: 65535 }).default(9464), doc: 'port' },
  registry: { env: 'SCHEMA_REGISTRY_URL', schema: envUrl(['http:', 'https:']), doc: 'registry URL' },
  ssl: { env: 'KAFKA_SSL', schema: envBool().default(false), doc: 'TLS' },
  name: { env: 'SERVICE_NAME', schema: z.string().default('demo'), doc: 'name' },
});

test('applies defaults and parses typed values', () => {
  const config = loadConfig(definition, { SCHEMA_REGISTRY_URL: 'http://127.0.0.1:1/x', KAFKA_SSL: 'YES' });
  assert.deepEqual(config.brokers, ['127.0.0.1:19092']);
  assert.equal(config.port, 9464);
  assert.equal(config.ssl, true);
  assert.ok(Object.isFrozen(config));
});

test('names every failing variable in one error', () => {
  const err = captureConfigError(() =>
    loadConfig(definition, { HTTP_PORT: '70000', KAFKA_SSL: 'maybe', SCHEMA_REGISTRY_URL: 'ftp://x' }),
  );
  assert.equal(err.code, 'CONFIG_INVALID');
  assert.deepEqual(err.issues.map((i) => i.variable).sort(), [
    'HTTP_PORT',
    'KAFKA_SSL',
    'SCHEMA_REGISTRY_URL',
  ]);
  assert.match(err.message, /HTTP_PORT: must be <= 65535 \(got "70000"\)/);
  assert.match(err.message, /KAFKA_SSL: must be true or false/);
});

test('reports a missing required variable by name', () => {
  const err = captureConfigError(() => loadConfig(definition, {}));
  assert.deepEqual(
    err.issues.map((i) => i.variable),
    ['SCHEMA_REGISTRY_URL'],
  );
});

test('treats an empty string as unset so the default applies', () => {
  const config = loadConfig(definition, { HTTP_PORT: '', SCHEMA_REGISTRY_URL: 'http://h/' });
  assert.equal(config.port, 9464);
});

test('rejects an unknown variable under a strict prefix', () => {
  const err = captureConfigError(() =>
    loadConfig(
      definition,
      { SCHEMA_REGISTRY_URL: 'http://h/', KAFKA_BROKRES: 'x' },
      { strictPrefixes: ['KAFKA_'] },
    ),
  );
  assert.deepEqual(
    err.issues.map((i) => i.variable),
    ['KAFKA_BROKRES'],
  );
});

test('renders a markdown table with defaults', () => {
  const table = configTableMarkdown(definition);
  assert.match(table, /\| `HTTP_PORT` \| `9464` \| port \|/);
  assert.match(table, /\| `SCHEMA_REGISTRY_URL` \| \(required\) \|/);
});

test('does not print the password of a malformed DATABASE_URL (issue 12)', () => {
  const db = defineConfig({
    databaseUrl: { env: 'DATABASE_URL', schema: envUrl(['postgres:']), doc: 'db' },
  });
  const err = captureConfigError(() =>
    loadConfig(db, { DATABASE_URL: 'postgres://user:s3cret@host:notaport/db' }),
  );
  assert.deepEqual(
    err.issues.map((i) => i.variable),
    ['DATABASE_URL'],
  );
  assert.doesNotMatch(err.message, /s3cret/);
  assert.match(err.message, /DATABASE_URL: must be an absolute URL/);
  assert.match(err.message, /user:\*\*\*@host/);
});

test('masks URL passwords that hold raw separators', () => {
  for (const raw of [
    'postgres://u:pa/ss@h:x/db',
    'postgres://u:p@ss@h:x/db',
    'postgres://u:p:a?s#s@h:x/db',
  ]) {
    const masked = maskUrlPasswords(raw);
    assert.match(masked, /^postgres:\/\/u:\*\*\*@h:x\/db$/, raw);
  }
  assert.equal(maskUrlPasswords('http://host:8080/path'), 'http://host:8080/path');
});

test('does not print the value of a secret-named variable', () => {
  const secrets = defineConfig({
    password: { env: 'KAFKA_SASL_PASSWORD', schema: z.string().min(12, 'too short'), doc: 'p' },
    key: {
      env: 'INGEST_DEVICE_SECRET_KEY',
      schema: z.string().length(64, 'must be 64 hex digits'),
      doc: 'k',
    },
  });
  const err = captureConfigError(() =>
    loadConfig(secrets, { KAFKA_SASL_PASSWORD: 'hunter2', INGEST_DEVICE_SECRET_KEY: 'abcdef0123' }),
  );
  assert.equal(err.issues.length, 2);
  assert.doesNotMatch(err.message, /hunter2|abcdef0123/);
  assert.match(err.message, /KAFKA_SASL_PASSWORD: too short \(got a value of 7 characters, not shown\)/);
});

function captureConfigError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  assert.fail('expected a ConfigError');
}
