import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateApiKey, hashApiKey, signingSecretOf } from '@shelfstream/db';
import { checkSignatureHeader, signRequest, verifySignature } from './hmac-signature.js';

const apiKey = generateApiKey();
const secret = signingSecretOf(apiKey);
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
  assert.equal(code(header, body, signingSecretOf(generateApiKey())), 'INGEST_AUTH_INVALID');
  assert.equal(code(header, body, secret, now + 120_000), 'INGEST_AUTH_INVALID');
  assert.equal(code('t=abc,v1=zz'), 'INGEST_AUTH_INVALID');
});

test('API keys are random and their stored hash is a stable 64-hex digest', () => {
  const a = generateApiKey();
  assert.notEqual(a, generateApiKey());
  assert.match(hashApiKey(a), /^[0-9a-f]{64}$/);
  assert.equal(hashApiKey(a), hashApiKey(a));
});

test('the signing secret is not the stored key hash, so a signature made from the hash does not verify (issue 12)', () => {
  assert.match(secret, /^[0-9a-f]{64}$/);
  assert.equal(signingSecretOf(apiKey), secret, 'stable for a key');
  assert.notEqual(secret, hashApiKey(apiKey));
  const forged = signRequest(hashApiKey(apiKey), body, now);
  const verdict = verifySignature(forged, secret, body, now, 60_000);
  assert.equal(verdict.ok ? 'OK' : verdict.code, 'INGEST_AUTH_INVALID');
});

test('checks the signature header and its replay window before the body is read', () => {
  const header = signRequest(secret, body, now);
  assert.deepEqual(checkSignatureHeader(header, now + 1000, 60_000), { ok: true, value: now });
  const stale = checkSignatureHeader(header, now + 120_000, 60_000);
  assert.equal(stale.ok ? 'OK' : stale.code, 'INGEST_AUTH_INVALID');
  const malformed = checkSignatureHeader('v1=abc', now, 60_000);
  assert.equal(malformed.ok ? 'OK' : malformed.code, 'INGEST_AUTH_INVALID');
});
