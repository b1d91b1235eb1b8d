import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateApiKey, hashApiKey } from './api-key.js';
import { signRequest, verifySignature } from './hmac-signature.js';

const secret = hashApiKey(generateApiKey());
const body = Buffer.from('{"store_id":"s1"}');
const now = 1_800_000_000_000;

test('verifies a signature made with the same secret and body inside the replay window', () => {
  const header = signRequest(secret, body, now - 1000);
  assert.deepEqual(verifySignature(header, secret, body, now, 60_000), { ok: true, value: now - 1000 });
});

test('refuses a tampered body, another secret, a replayed old signature and a malformed header', () => {
  const header = signRequest(secret, body, now);
  const code = (h: string, b = body, s = secret, at = now) => {
    const v = verifySignature(h, s, b, at, 60_000);
    return v.ok ? 'OK' : v.code;
  };
  assert.equal(code(header, Buffer.from('{"store_id":"s2"}')), 'INGEST_AUTH_INVALID');
  assert.equal(code(header, body, hashApiKey(generateApiKey())), 'INGEST_AUTH_INVALID');
  assert.equal(code(header, body, secret, now + 120_000), 'INGEST_AUTH_INVALID');
  assert.equal(code('t=abc,v1=zz'), 'INGEST_AUTH_INVALID');
});

test('API keys are random and their stored hash is a stable 64-hex digest', () => {
  const a = generateApiKey();
  assert.notEqual(a, generateApiKey());
  assert.match(hashApiKey(a), /^[0-9a-f]{64}$/);
  assert.equal(hashApiKey(a), hashApiKey(a));
});
