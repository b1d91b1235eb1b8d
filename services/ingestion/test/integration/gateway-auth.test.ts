import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { hashApiKey, signingSecretOf } from '@shelfstream/db';
import { DEVICE_HEADER } from '../../src/gateway/authenticate.js';
import { SIGNATURE_HEADER, signRequest } from '../../src/transform/hmac-signature.js';
import { type IngestionUnderTest, startIngestion } from './harness.js';

// Issue 12: the gateway authenticates from the headers before it reads a body, rate-limits a store only once the
// request is authenticated (signature verified), and verifies HMACs with the device's signing secret, stored
// encrypted, never with the stored key hash.
const QUOTA = 3;
let t: IngestionUnderTest;
let key: string;
before(async () => {
  t = await startIngestion({
    INGEST_RATE_LIMIT_PER_STORE: String(QUOTA),
    INGEST_RATE_WINDOW_MS: '600000',
    INGEST_URI_HOSTS: 'images.example.com',
  });
  key = await t.addDevice('cam-1', 'store-1');
  await t.addDevice('cam-9', 'store-9');
});
after(async () => {
  await t?.stop();
});

function jsonBody(store: string, device: string, aisle: string): string {
  return JSON.stringify({
    store_id: store,
    aisle,
    fixture_type: 'GONDOLA',
    captured_at: Date.now() - 10_000,
    device_id: device,
    planogram_version: 'v1',
    image_uri: 'https://images.example.com/a.jpg',
  });
}

async function post(body: string, headers: Record<string, string>): Promise<[number, string]> {
  const response = await fetch(`${t.baseUrl}/v1/captures`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
  const json = (await response.json()) as { code?: string; status?: string };
  return [response.status, json.code ?? json.status ?? ''];
}

/**
 * Starts a POST that declares a 15 MB body but sends only its first 64 KiB, and resolves with the status the server
 * answers meanwhile, or 'no answer' when it waits for the rest (it would be reading the body before authenticating).
 */
function postDeclaring15Mb(headers: Record<string, string>): Promise<number | 'no answer'> {
  const url = new URL('/v1/captures', t.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(15 * 1024 * 1024), ...headers },
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve('no answer');
    }, 5_000);
    req.on('response', (response) => {
      clearTimeout(timer);
      response.resume();
      req.destroy();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.write(Buffer.alloc(64 * 1024, 0x20));
  });
}

test('an unauthenticated 15 MB POST is refused 401 before its body is read', async () => {
  assert.equal(await postDeclaring15Mb({}), 401, 'no credentials');
  assert.equal(await postDeclaring15Mb({ authorization: 'Bearer ssk_not-a-key' }), 401, 'unknown key');
  assert.equal(
    await postDeclaring15Mb({
      [DEVICE_HEADER]: 'cam-unknown',
      [SIGNATURE_HEADER]: `t=${Date.now()},v1=${'0'.repeat(64)}`,
    }),
    401,
    'unknown device',
  );
  assert.equal(
    await postDeclaring15Mb({ [DEVICE_HEADER]: 'cam-1', [SIGNATURE_HEADER]: `t=1,v1=${'0'.repeat(64)}` }),
    401,
    'a signature outside the replay window',
  );
});

test("requests with a wrong signature do not use up the store's rate-limit quota", async () => {
  const body = jsonBody('store-1', 'cam-1', 'Q1');
  for (let i = 0; i < QUOTA + 2; i++) {
    const forged = {
      [DEVICE_HEADER]: 'cam-1',
      [SIGNATURE_HEADER]: signRequest('0'.repeat(64), Buffer.from(body), Date.now()),
    };
    assert.deepEqual(await post(body, forged), [401, 'INGEST_AUTH_INVALID'], `forged request ${i + 1}`);
  }
  for (let i = 0; i < QUOTA; i++) {
    const [status, code] = await post(jsonBody('store-1', 'cam-1', `Q${i + 2}`), {
      authorization: `Bearer ${key}`,
    });
    assert.equal(status, 202, `request ${i + 1} of the real device: ${code}`);
  }
  assert.deepEqual(
    await post(jsonBody('store-1', 'cam-1', 'Q9'), { authorization: `Bearer ${key}` }),
    [429, 'INGEST_RATE_LIMITED'],
    'the quota still applies to authenticated requests',
  );
});

test('an HMAC made from the stored key hash is refused; one made with the signing secret is accepted', async () => {
  const deviceKey = await t.addDevice('cam-2', 'store-2');
  const body = jsonBody('store-2', 'cam-2', 'H1');
  const signed = (secret: string) => ({
    [DEVICE_HEADER]: 'cam-2',
    [SIGNATURE_HEADER]: signRequest(secret, Buffer.from(body), Date.now()),
  });
  assert.deepEqual(
    await post(body, signed(hashApiKey(deviceKey))),
    [401, 'INGEST_AUTH_INVALID'],
    'forged from the hash',
  );
  assert.deepEqual(await post(body, signed(signingSecretOf(deviceKey))), [202, 'accepted']);
});

test('the devices table holds the signing secret encrypted, neither in the clear nor as the key hash', async () => {
  const deviceKey = await t.addDevice('cam-3', 'store-3');
  const { rows } = await t.pool.query<{ key_hash: string; signing_secret_sealed: string }>(
    'select key_hash, signing_secret_sealed from shelfstream.devices where device_id = $1',
    ['cam-3'],
  );
  const row = rows[0];
  assert.ok(row);
  assert.equal(row.key_hash, hashApiKey(deviceKey));
  assert.match(row.signing_secret_sealed, /^v1\.[0-9a-f]{8}\./);
  const secret = signingSecretOf(deviceKey);
  for (const form of [secret, Buffer.from(secret, 'hex').toString('base64'), row.key_hash, deviceKey])
    assert.ok(!row.signing_secret_sealed.includes(form), 'no clear form of a credential');
});

test('a device registered before signing secrets keeps its bearer key; its signed requests are refused until rotated', async () => {
  const legacyKey = 'ssk_legacy-device-key';
  await t.pool.query('insert into shelfstream.devices (device_id, store_id, key_hash) values ($1, $2, $3)', [
    'cam-old',
    'store-old',
    hashApiKey(legacyKey),
  ]);
  assert.deepEqual(
    await post(jsonBody('store-old', 'cam-old', 'L1'), { authorization: `Bearer ${legacyKey}` }),
    [202, 'accepted'],
  );
  const body = jsonBody('store-old', 'cam-old', 'L2');
  for (const secret of [signingSecretOf(legacyKey), hashApiKey(legacyKey)]) {
    const headers = {
      [DEVICE_HEADER]: 'cam-old',
      [SIGNATURE_HEADER]: signRequest(secret, Buffer.from(body), Date.now()),
    };
    assert.deepEqual(await post(body, headers), [401, 'INGEST_AUTH_INVALID']);
  }
});

test("verified signed requests count against their store's quota", async () => {
  const deviceKey = await t.addDevice('cam-4', 'store-4');
  const signedPost = (aisle: string) => {
    const body = jsonBody('store-4', 'cam-4', aisle);
    return post(body, {
      [DEVICE_HEADER]: 'cam-4',
      [SIGNATURE_HEADER]: signRequest(signingSecretOf(deviceKey), Buffer.from(body), Date.now()),
    });
  };
  for (let i = 0; i < QUOTA; i++) assert.deepEqual(await signedPost(`S${i}`), [202, 'accepted']);
  assert.deepEqual(await signedPost('S9'), [429, 'INGEST_RATE_LIMITED']);
});
