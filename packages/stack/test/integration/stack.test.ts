/**
 * Runs against a live stack: CI starts it with `pnpm stack:up` first (same STACK_* environment).
 * Checks that every component is up, that a second start reuses them, and that each endpoint answers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadStackConfig, stackEndpoints, stackStatus, startStack } from '@shelfstream/stack';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { signS3Get } from './sign-s3-request.js';

const config = loadStackConfig();
const endpoints = stackEndpoints(config);

describe('local stack (after pnpm stack:up)', () => {
  it('reports every component up with a pid for each process it started', async () => {
    const statuses = await stackStatus(config);
    assert.deepEqual(
      statuses.map((s) => [s.name, s.state]),
      [
        ['postgres', 'up'],
        ['kafka', 'up'],
        ['s3proxy', 'up'],
        ['apicurio', 'up'],
      ],
      JSON.stringify(statuses, null, 2),
    );
    for (const s of statuses.filter((s) => s.name !== 'postgres')) assert.ok(s.pid !== null && s.pid > 1);
  });

  it('reuses the running components on a second startStack (no new pids)', async () => {
    const before = await stackStatus(config);
    // Never start a stack from here: this test is about reuse of the one `pnpm stack:up` started.
    assert.ok(
      before.every((s) => s.state === 'up'),
      'the stack is not up: run pnpm stack:up first',
    );
    const lines: string[] = [];
    const returned = await startStack(config, { log: (line) => lines.push(line) });
    const after = await stackStatus(config);
    assert.deepEqual(
      after.map((s) => s.pid),
      before.map((s) => s.pid),
    );
    assert.equal(lines.filter((line) => /\breused\b/.test(line)).length, 3, lines.join('\n'));
    assert.deepEqual(returned, endpoints);
  });

  it('answers a Kafka metadata request on the configured broker', async () => {
    const admin = new Kafka({ brokers: endpoints.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      assert.deepEqual(
        cluster.brokers.map((b) => `${b.host}:${b.port}`),
        endpoints.kafkaBrokers,
      );
      assert.ok(Array.isArray(await admin.listTopics()));
    } finally {
      await admin.disconnect();
    }
  });

  it('lists registry subjects and keeps BACKWARD as the global compatibility', async () => {
    const subjects = await fetch(`${endpoints.schemaRegistryUrl}/subjects`);
    assert.equal(subjects.status, 200);
    assert.ok(Array.isArray(await subjects.json()));
    const global = await fetch(`${endpoints.schemaRegistryUrl}/config`);
    assert.equal(global.status, 200);
    assert.equal(((await global.json()) as { compatibilityLevel?: string }).compatibilityLevel, 'BACKWARD');
  });

  it('lists the default bucket through a SigV4-signed S3 request and refuses an unsigned one', async () => {
    const url = new URL(`${endpoints.s3.endpoint}/`);
    const unsigned = await fetch(url);
    await unsigned.body?.cancel();
    assert.equal(unsigned.status, 403);
    const signed = await fetch(url, { headers: signS3Get(url, { ...endpoints.s3 }) });
    const body = await signed.text();
    assert.equal(signed.status, 200, body);
    assert.match(body, new RegExp(`<Name>${endpoints.s3.bucket}</Name>`));
  });

  it('answers select 1 on DATABASE_URL and holds the registry database', async () => {
    const client = new pg.Client({ connectionString: endpoints.databaseUrl });
    await client.connect();
    try {
      assert.equal((await client.query('select 1 as one')).rows[0]?.one, 1);
      const registry = await client.query('select 1 from pg_database where datname = $1', [
        config.registryDatabase,
      ]);
      assert.equal(registry.rowCount, 1);
    } finally {
      await client.end();
    }
  });
});
