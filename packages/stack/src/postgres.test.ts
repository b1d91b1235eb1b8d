import assert from 'node:assert/strict';
import { it } from 'node:test';
import { redactDatabaseUrl, toJdbcTarget } from './postgres.js';

it('builds the JDBC target of another database on the same server and user', () => {
  assert.deepEqual(
    toJdbcTarget('postgres://app:s%40cret@db.local:6543/shelf?sslmode=disable', 'shelf_registry'),
    {
      url: 'jdbc:postgresql://db.local:6543/shelf_registry?sslmode=disable',
      username: 'app',
      password: 's@cret',
    },
  );
});

it('defaults the JDBC port to 5432 and the user to postgres', () => {
  assert.deepEqual(toJdbcTarget('postgres://127.0.0.1/shelf', 'r'), {
    url: 'jdbc:postgresql://127.0.0.1:5432/r',
    username: 'postgres',
    password: '',
  });
});

it('masks the password when printing DATABASE_URL', () => {
  assert.equal(redactDatabaseUrl('postgres://app:secret@h:5432/db'), 'postgres://app:***@h:5432/db');
  assert.equal(redactDatabaseUrl('postgres://app@h:5432/db'), 'postgres://app@h:5432/db');
});
