import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCapturedAt, toCaptureRequest } from './capture-request.js';

test('captured_at is read from epoch ms (number or digits) or ISO-8601, else undefined', () => {
  assert.equal(parseCapturedAt(1_800_000_000_000), 1_800_000_000_000);
  assert.equal(parseCapturedAt('1800000000000'), 1_800_000_000_000);
  assert.equal(parseCapturedAt('2026-11-24T08:30:00.000Z'), Date.UTC(2026, 10, 24, 8, 30));
  assert.equal(parseCapturedAt('yesterday'), undefined);
  assert.equal(parseCapturedAt(''), undefined);
});

test('request fields keep strings only and attributes keep string values from JSON or an object', () => {
  const r = toCaptureRequest({ store_id: 's1', aisle: 7, attributes: '{"app":"1.2","n":3}' });
  assert.equal(r.store_id, 's1');
  assert.equal(r.aisle, undefined, 'a number is not an aisle: the gate reports it missing');
  assert.deepEqual(r.attributes, { app: '1.2' });
  assert.deepEqual(toCaptureRequest({ attributes: 'not json' }).attributes, {});
});
