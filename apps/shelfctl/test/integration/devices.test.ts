import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import { createPool, hashApiKey, signingSecretOf } from '@shelfstream/db';
import { testStackEnvironment, uniqueName } from '@shelfstream/testkit';
import { runShelfctl } from './run-shelfctl.js';

// Issue 12: `devices add` stores the device's signing secret encrypted under INGEST_DEVICE_SECRET_KEY (never the key
// hash, never in the clear), and `devices reseal` moves every secret to a new key during a rotation.
const dbName = `shelfstream_test_${uniqueName('devices').replace(/[^a-z0-9_]/gi, '_')}`;
const stackUrl = new URL(
  testStackEnvironment()['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/shelfstream',
);
stackUrl.pathname = `/${dbName}`;
const databaseUrl = stackUrl.toString();
const oldKey = randomBytes(32).toString('hex');
const newKey = randomBytes(32).toString('base64');

after(async () => {
  const admin = createPool(databaseUrl.replace(`/${dbName}`, '/postgres'), { max: 1 });
  await admin.query(`drop database if exists "${dbName}" with (force)`).catch(() => undefined);
  await admin.end();
});

async function sealedOf(deviceId: string): Promise<{ key_hash: string; signing_secret_sealed: string }> {
  const pool = createPool(databaseUrl, { max: 1 });
  try {
    const { rows } = await pool.query<{ key_hash: string; signing_secret_sealed: string }>(
      'select key_hash, signing_secret_sealed from shelfstream.devices where device_id = $1',
      [deviceId],
    );
    assert.ok(rows[0], `device ${deviceId} registered`);
    return rows[0];
  } finally {
    await pool.end();
  }
}

test('devices add refuses to run without INGEST_DEVICE_SECRET_KEY and names the variable', async () => {
  const run = await runShelfctl(['devices', 'add', '--store', 's1', '--device', 'd0'], {
    DATABASE_URL: databaseUrl,
    INGEST_DEVICE_SECRET_KEY: '',
  });
  assert.notEqual(run.code, 0);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /INGEST_DEVICE_SECRET_KEY: is required/);
});

test('devices add stores the signing secret sealed, and devices reseal moves it to a new key', async () => {
  const add = await runShelfctl(['devices', 'add', '--store', 's1', '--device', 'd1'], {
    DATABASE_URL: databaseUrl,
    INGEST_DEVICE_SECRET_KEY: oldKey,
  });
  assert.equal(add.code, 0, add.stderr);
  const apiKey = add.stdout.trim();
  const before = await sealedOf('d1');
  assert.equal(before.key_hash, hashApiKey(apiKey));
  assert.match(before.signing_secret_sealed, /^v1\.[0-9a-f]{8}\./);
  assert.ok(!before.signing_secret_sealed.includes(signingSecretOf(apiKey)));
  assert.ok(!before.signing_secret_sealed.includes(before.key_hash));

  const withoutOld = await runShelfctl(['devices', 'reseal'], {
    DATABASE_URL: databaseUrl,
    INGEST_DEVICE_SECRET_KEY: newKey,
    INGEST_DEVICE_SECRET_KEY_PREVIOUS: '',
  });
  assert.notEqual(withoutOld.code, 0, 'the old key is needed to open the secret');
  assert.match(withoutOld.stderr, /d1/);

  const reseal = await runShelfctl(['devices', 'reseal'], {
    DATABASE_URL: databaseUrl,
    INGEST_DEVICE_SECRET_KEY: newKey,
    INGEST_DEVICE_SECRET_KEY_PREVIOUS: oldKey,
  });
  assert.equal(reseal.code, 0, reseal.stderr);
  assert.match(reseal.stdout, /resealed 1 signing secret/);
  const after = await sealedOf('d1');
  assert.notEqual(after.signing_secret_sealed.split('.')[1], before.signing_secret_sealed.split('.')[1]);
});
