import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultPgOsUser, pgCommand } from './pg-cluster.js';

const options = {
  binDir: '/usr/lib/postgresql/15/bin',
  rootDir: '/r/.stack/chaos/pg',
  port: 15932,
  osUser: 'postgres',
};

test('runs initdb as the postgres user with trust auth into the cluster folder', () => {
  const c = pgCommand(options, 'initdb');
  assert.equal(c.command, 'runuser');
  assert.deepEqual(c.args.slice(0, 4), ['-u', 'postgres', '--', '/usr/lib/postgresql/15/bin/initdb']);
  assert.ok(c.args.includes('--auth=trust'));
  assert.equal(c.args[c.args.indexOf('-D') + 1], '/r/.stack/chaos/pg/data');
});

test('starts on its own port on 127.0.0.1 with its socket in its own folder, waiting for readiness', () => {
  const c = pgCommand(options, 'start');
  const o = c.args[c.args.indexOf('-o') + 1] ?? '';
  assert.match(o, /-p 15932/);
  assert.match(o, /listen_addresses=127\.0\.0\.1/);
  assert.match(o, /unix_socket_directories=\/r\/\.stack\/chaos\/pg\/sock/);
  assert.ok(c.args.includes('-w'));
  assert.equal(c.args.at(-1), 'start');
});

test('an immediate stop is pg_ctl stop -m immediate', () => {
  const c = pgCommand(options, 'stop-immediate');
  assert.equal(c.args[c.args.indexOf('-m') + 1], 'immediate');
  assert.equal(c.args.at(-1), 'stop');
});

test('runs commands directly when not root', () => {
  assert.equal(defaultPgOsUser(1000), undefined);
  assert.equal(defaultPgOsUser(0), 'postgres');
  const c = pgCommand({ ...options, osUser: undefined }, 'status');
  assert.equal(c.command, '/usr/lib/postgresql/15/bin/pg_ctl');
});
