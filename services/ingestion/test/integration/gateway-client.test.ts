import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type CaptureUpload, uploadCapture } from '@shelfstream/gateway-client';
import { sampleImage } from '../../src/test-support/images.js';
import { type IngestionUnderTest, startIngestion } from './harness.js';

// Guards issue 13: the shared gateway client (shelfctl submit, the device simulator) reads the real gateway's
// answers: 202 accepted, 200 duplicate, a 4xx refusal not retried.
let t: IngestionUnderTest;
let key: string;
before(async () => {
  t = await startIngestion();
  key = await t.addDevice('cam-1', 'store-1');
});
after(async () => {
  await t?.stop();
});

async function captureUpload(capturedAt: number): Promise<CaptureUpload> {
  return {
    fileName: 'shelf.jpg',
    contentType: 'image/jpeg',
    bytes: await sampleImage('jpeg', 320, 240),
    fields: {
      store_id: 'store-1',
      aisle: 'A07',
      fixture_type: 'GONDOLA',
      captured_at: String(capturedAt),
      device_id: 'cam-1',
      planogram_version: 'pg-3',
    },
  };
}

test('the gateway client reads 202 as accepted, a resend as a 200 duplicate, and does not retry a 401', async () => {
  const upload = await captureUpload(Date.now() - 60_000);
  const sleep = async () => assert.fail('nothing here is retriable');
  const first = await uploadCapture(upload, { gatewayUrl: t.baseUrl, apiKey: key, sleep });
  assert.deepEqual([first.ok, first.outcome, first.status], [true, 'accepted', 202], first.detail);
  await t.validated((n) => n >= 1);
  const again = await uploadCapture(upload, { gatewayUrl: t.baseUrl, apiKey: key, sleep });
  assert.deepEqual([again.ok, again.outcome, again.status], [true, 'duplicate', 200], again.detail);
  assert.equal(again.captureId, first.captureId);
  const refused = await uploadCapture(upload, { gatewayUrl: t.baseUrl, apiKey: 'ssk_wrong', sleep });
  assert.deepEqual(
    [refused.ok, refused.status, refused.attempts, refused.detail],
    [false, 401, 1, 'INGEST_AUTH_INVALID'],
  );
});
