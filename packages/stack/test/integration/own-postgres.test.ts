/**
 * The stack's own PostgreSQL (DATABASE_URL unset, nothing at the default address): initdb + pg_ctl under STACK_DIR
 * on a port of this test's own (STACK_POSTGRES_PORT), never the machine's server on 5432.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadStackConfig, stackPaths } from '@shelfstream/stack';
import {
  decidePostgres,
  postgresBinariesFound,
  startOwnPostgres,
  stopOwnPostgres,
} from '../../src/own-postgres.js';
import { ensureDatabases, probePostgres } from '../../src/postgres.js';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const stackDir = path.join(repoRoot, '.stack', 'test-own-postgres');
const port = String(16_400 + (process.pid % 500));
const env = { STACK_DIR: stackDir, STACK_POSTGRES_PORT: port, STACK_PORT_OFFSET: '900' };
const config = loadStackConfig(env);
const paths = stackPaths(config);

after(async () => {
  await stopOwnPostgres(config, paths).catch(() => undefined);
  rmSync(stackDir, { recursive: true, force: true });
});

test('starts a cluster of its own, reuses it, and stops it; an explicit URL is never replaced', async (t) => {
  if (!postgresBinariesFound(config)) {
    t.skip(`no initdb/pg_ctl in ${config.postgresBinDir}`);
    return;
  }
  rmSync(stackDir, { recursive: true, force: true });
  assert.equal(config.databaseUrl, `postgres://postgres@127.0.0.1:${port}/shelfstream`);
  assert.equal(await decidePostgres(config, paths), 'own');
  assert.equal(await startOwnPostgres(config, paths), 'created');
  assert.equal(
    await probePostgres(config.databaseUrl),
    false,
    'the database itself is created by the stack next',
  );
  const elsewhere = loadStackConfig({ ...env, STACK_DIR: path.join(stackDir, 'elsewhere') });
  assert.equal(
    await decidePostgres(elsewhere, stackPaths(elsewhere)),
    'external',
    'a server without the shelfstream database yet (a fresh machine) is a server: used, not replaced on its port',
  );
  assert.deepEqual(await ensureDatabases(config.databaseUrl, ['shelfstream']), ['shelfstream']);
  assert.equal(await probePostgres(config.databaseUrl), true);

  assert.equal(await decidePostgres(config, paths), 'own', 'an earlier up left it running: still its own');
  assert.equal(await startOwnPostgres(config, paths), 'reused');
  const explicit = loadStackConfig({ ...env, DATABASE_URL: config.databaseUrl });
  assert.equal(
    await decidePostgres(explicit, paths),
    'external',
    'an explicit URL that answers is just used',
  );

  assert.equal(await stopOwnPostgres(config, paths), true);
  assert.equal(await probePostgres(config.databaseUrl), false);
  assert.equal(await decidePostgres(explicit, paths), 'unreachable', 'an explicit URL is never started');
  assert.equal(await startOwnPostgres(config, paths), 'started', 'the data of the first start is kept');
  assert.equal(await probePostgres(config.databaseUrl), true, 'and the database is still there');
});
