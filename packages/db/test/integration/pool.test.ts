import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { testStackEnvironment, uniqueName } from '@shelfstream/testkit';
import pg from 'pg';

const fixture = fileURLToPath(new URL('../fixtures/idle-pool.ts', import.meta.url));

// Regression guard for issue 12 defect 5: a pool without an 'error' listener crashed the process when PostgreSQL
// restarted ("Unhandled 'error' event ... Connection terminated unexpectedly").
test('a pool whose idle connection is killed by the server keeps its process alive and reconnects', async () => {
  const { out, err } = await killConnectionOfFixture('idle');
  assert.match(out, /survived/);
  assert.match(err, /idle PostgreSQL connection lost/, 'the loss was logged');
});

// A checked-out client is not covered by the pool's 'error' listener: the chaos run's state tracker died so during a
// PostgreSQL stop, with a chunk's transaction open between two statements.
test('a connection killed while checked out (a transaction open) fails its next statement, not the process', async () => {
  const { out, err } = await killConnectionOfFixture('checked-out');
  assert.match(out, /statement failed/);
  assert.match(out, /survived/);
  assert.match(err, /PostgreSQL connection lost/, 'the loss was logged');
});

/** Runs the fixture, terminates its backend from another session, and returns its output once it exited 0. */
async function killConnectionOfFixture(mode: 'idle' | 'checked-out'): Promise<{ out: string; err: string }> {
  const databaseUrl = testStackEnvironment()['DATABASE_URL'] as string;
  const appName = uniqueName('idle-pool');
  const child = spawn(process.execPath, ['--conditions=@shelfstream/source', '--import', 'tsx', fixture], {
    env: { ...process.env, TEST_DATABASE_URL: databaseUrl, TEST_APP_NAME: appName, TEST_MODE: mode },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 30_000;
  while (!out.includes('idle') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.ok(out.includes('idle'), `fixture did not start: ${err}`);

  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const killed = await admin.query(
    'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1',
    [appName],
  );
  await admin.end();
  assert.equal(killed.rowCount, 1, 'the idle backend was terminated');
  child.stdin.write('go\n');
  const code = await exited;
  clearTimeout(timer);
  assert.equal(code, 0, `the process died: ${err}`);
  return { out, err };
}
