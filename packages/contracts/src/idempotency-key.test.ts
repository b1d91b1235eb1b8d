import assert from 'node:assert/strict';
import { test } from 'node:test';
import { idempotencyKey, idempotencyKeyMaterial, isIdempotencyKey } from './idempotency-key.js';

// Vectors computed independently with `printf '%s' '<material>' | sha256sum`.
const vectors = [
  {
    input: {
      storeId: 'store-001',
      aisle: 'A07',
      capturedAt: Date.UTC(2026, 2, 1, 8, 15, 30, 125),
      deviceId: 'cam-17',
    },
    material: 'store-001|A07|2026-03-01T08:15:30.125Z|cam-17',
    key: '35e817bae0b58109f4826e36268caed236f13534862f1d5b218c916bab35ad3b',
  },
  {
    input: { storeId: 'S-BER-42', aisle: 'aisle 3 / bay 2', capturedAt: new Date(0), deviceId: 'phone:ü-7' },
    material: 'S-BER-42|aisle 3 / bay 2|1970-01-01T00:00:00.000Z|phone:ü-7',
    key: 'ede85f929c7a56066e4c8adbd595d32262a1e3cac3015a4641f71534bbd283a6',
  },
];

for (const [i, vector] of vectors.entries()) {
  test(`matches test vector ${i + 1} (UTF-8, ISO-8601 UTC with milliseconds)`, () => {
    assert.equal(idempotencyKeyMaterial(vector.input), vector.material);
    assert.equal(idempotencyKey(vector.input), vector.key);
    assert.ok(isIdempotencyKey(vector.key));
  });
}

test('the same instant given as a Date or as epoch ms gives the same key', () => {
  const ms = Date.UTC(2026, 10, 24, 12, 0, 0, 7);
  const base = { storeId: 's', aisle: 'a', deviceId: 'd' };
  assert.equal(
    idempotencyKey({ ...base, capturedAt: ms }),
    idempotencyKey({ ...base, capturedAt: new Date(ms) }),
  );
});

test('a millisecond apart gives a different key', () => {
  const base = { storeId: 's', aisle: 'a', deviceId: 'd' };
  assert.notEqual(
    idempotencyKey({ ...base, capturedAt: 1000 }),
    idempotencyKey({ ...base, capturedAt: 1001 }),
  );
});

test('rejects an invalid instant', () => {
  assert.throws(
    () => idempotencyKey({ storeId: 's', aisle: 'a', deviceId: 'd', capturedAt: Number.NaN }),
    RangeError,
  );
});

test('isIdempotencyKey rejects upper case and wrong lengths', () => {
  assert.equal(isIdempotencyKey('A'.repeat(64)), false);
  assert.equal(isIdempotencyKey('a'.repeat(63)), false);
});
