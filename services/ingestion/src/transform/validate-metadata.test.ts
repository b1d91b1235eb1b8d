import assert from 'node:assert/strict';
import { test } from 'node:test';
import { idempotencyKey } from '@shelfstream/contracts';
import { validateMetadata } from './validate-metadata.js';

const now = Date.UTC(2026, 10, 24, 12, 0, 0);
const rules = { maxClockSkewMs: 60_000, maxCaptureAgeMs: 86_400_000 };
const meta = (over: Record<string, unknown> = {}) => {
  const base = {
    store_id: 'store-1',
    aisle: 'A01',
    fixture_type: 'GONDOLA',
    captured_at: now - 1000,
    device_id: 'cam-1',
    planogram_version: 'v1',
    ...over,
  } as Record<string, unknown>;
  const capture_id = idempotencyKey({
    storeId: String(base['store_id']),
    aisle: String(base['aisle']),
    capturedAt: Number(base['captured_at']),
    deviceId: String(base['device_id']),
  });
  return { capture_id, ...base };
};
const code = (m: Record<string, unknown>, key: string | null = null) => {
  const v = validateMetadata(m, key, now, rules);
  return v.ok ? 'OK' : v.code;
};

test('accepts complete metadata whose capture id and record key are the idempotency key', () => {
  const m = meta();
  assert.equal(code(m, m.capture_id), 'OK');
});

test('refuses missing or blank required fields and an unknown fixture type', () => {
  assert.equal(code({ ...meta(), store_id: '' }), 'INGEST_METADATA_MISSING');
  assert.equal(code({ ...meta(), planogram_version: undefined }), 'INGEST_METADATA_MISSING');
  assert.equal(code({ ...meta(), captured_at: Number.NaN }), 'INGEST_METADATA_MISSING');
  assert.equal(code(meta({ fixture_type: 'PALLET' })), 'INGEST_FIXTURE_UNKNOWN');
});

test('refuses captures from the future beyond the skew and older than the maximum age', () => {
  assert.equal(code(meta({ captured_at: now + 30_000 })), 'OK');
  assert.equal(code(meta({ captured_at: now + 120_000 })), 'INGEST_CAPTURED_IN_FUTURE');
  assert.equal(code(meta({ captured_at: now - 2 * 86_400_000 })), 'INGEST_CAPTURED_TOO_OLD');
});

test('refuses a capture id or record key that is not the recomputed idempotency key', () => {
  assert.equal(code({ ...meta(), capture_id: 'f'.repeat(64) }), 'INGEST_KEY_MISMATCH');
  assert.equal(code(meta(), 'a'.repeat(64)), 'INGEST_KEY_MISMATCH');
});
