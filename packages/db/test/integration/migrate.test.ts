import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testStackEnvironment, uniqueName } from '@shelfstream/testkit';
import pg from 'pg';
import { ensureDatabase, migrate } from '../../src/index.js';

test('creates a missing database and migrates it idempotently', async () => {
  const url = new URL(testStackEnvironment()['DATABASE_URL'] as string);
  url.pathname = `/${uniqueName('test_migrate').replace(/-/g, '_')}`;
  const databaseUrl = url.toString();
  assert.equal(await ensureDatabase(databaseUrl), true);
  assert.equal(await ensureDatabase(databaseUrl), false);
  const first = await migrate(databaseUrl);
  assert.ok(first.applied.includes('1764000000000_init'));
  const second = await migrate(databaseUrl);
  assert.deepEqual(second.applied, []);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const schema = await client.query(
    `select 1 from information_schema.schemata where schema_name = 'shelfstream'`,
  );
  await client.end();
  assert.equal(schema.rowCount, 1);
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const drop = new pg.Client({ connectionString: admin.toString() });
  await drop.connect();
  await drop.query(`drop database "${url.pathname.slice(1)}"`);
  await drop.end();
});
