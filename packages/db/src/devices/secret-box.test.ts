import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { openSecret, parseSecretKey, sealedKeyId, sealSecret } from './secret-box.js';

const key = parseSecretKey(randomBytes(32).toString('hex'));
const other = parseSecretKey(randomBytes(32).toString('base64'));

test('reads a 32-byte key as hex, base64 or base64url and nothing else', () => {
  const raw = randomBytes(32);
  assert.deepEqual(parseSecretKey(raw.toString('hex'))?.bytes, raw);
  assert.deepEqual(parseSecretKey(raw.toString('base64'))?.bytes, raw);
  assert.deepEqual(parseSecretKey(raw.toString('base64url'))?.bytes, raw);
  for (const bad of [
    '',
    'abc',
    randomBytes(16).toString('hex'),
    randomBytes(31).toString('base64'),
    'z'.repeat(64),
  ])
    assert.equal(parseSecretKey(bad), undefined, bad);
});

test('a sealed secret opens with its key and context and never contains the plaintext', () => {
  assert.ok(key && other);
  const sealed = sealSecret(key, 'the-signing-secret', 'cam-1');
  assert.doesNotMatch(sealed, /the-signing-secret/);
  assert.notEqual(sealed, sealSecret(key, 'the-signing-secret', 'cam-1'), 'a fresh IV each time');
  assert.equal(openSecret([key], sealed, 'cam-1'), 'the-signing-secret');
  assert.equal(openSecret([other, key], sealed, 'cam-1'), 'the-signing-secret', 'found by key id');
  assert.equal(sealedKeyId(sealed), key.id);
});

test('a sealed secret does not open with another key, another context or altered bytes', () => {
  assert.ok(key && other);
  const sealed = sealSecret(key, 'the-signing-secret', 'cam-1');
  assert.equal(openSecret([other], sealed, 'cam-1'), undefined);
  assert.equal(openSecret([{ ...other, id: key.id }], sealed, 'cam-1'), undefined);
  assert.equal(openSecret([key], sealed, 'cam-2'), undefined, 'copied onto another device row');
  const parts = sealed.split('.');
  parts[3] = Buffer.from('forged').toString('base64url');
  assert.equal(openSecret([key], parts.join('.'), 'cam-1'), undefined);
  assert.equal(openSecret([key], 'not sealed', 'cam-1'), undefined);
});
