import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FsBlobStore } from '@shelfstream/blob-store';
import { type CaptureSubmitted, idempotencyKey } from '@shelfstream/contracts';
import { StageError } from '@shelfstream/errors';
import { type AcceptDeps, acceptCapture } from './accept-capture.js';
import { InMemoryDedupLedger } from './dedup-ledger.js';
import { sampleImage } from './test-support/images.js';

const now = Date.UTC(2026, 10, 24, 12, 0, 0);
const raw = { topic: 'shelf.captures.raw.v1', partition: 0, offset: '7' };

async function deps(over: Partial<AcceptDeps> = {}): Promise<AcceptDeps & { ledger: InMemoryDedupLedger }> {
  return {
    ledger: new InMemoryDedupLedger(),
    blobStore: new FsBlobStore(await mkdtemp(join(tmpdir(), 'ingest-'))),
    fetcher: {
      fetch: async () => {
        throw new StageError('INGEST_URI_FETCH_FAILED', 'network down', { retriable: true });
      },
    },
    rules: {
      maxImageBytes: 1024 * 1024,
      maxPixels: 10_000_000,
      maxClockSkewMs: 60_000,
      maxCaptureAgeMs: 86_400_000,
      uri: {
        allowedSchemes: ['https'],
        allowedHosts: ['*'],
        allowedBuckets: [],
        allowPrivateAddresses: false,
      },
    },
    now: () => now,
    ...over,
  } as AcceptDeps & { ledger: InMemoryDedupLedger };
}

async function capture(over: Partial<CaptureSubmitted> = {}): Promise<CaptureSubmitted> {
  const capturedAt = now - 5000;
  return {
    capture_id: idempotencyKey({ storeId: 's1', aisle: 'A1', capturedAt, deviceId: 'd1' }),
    store_id: 's1',
    aisle: 'A1',
    fixture_type: 'GONDOLA',
    captured_at: capturedAt,
    device_id: 'd1',
    planogram_version: 'v1',
    image_bytes: await sampleImage('jpeg'),
    image_uri: null,
    content_type: 'image/jpeg',
    source: 'EDGE_DEVICE',
    submitted_at: now,
    attributes: {},
    ...over,
  } as CaptureSubmitted;
}

test('accepts a valid inline capture: stores the blob and emits the claim check', async () => {
  const d = await deps();
  const c = await capture();
  const outcome = await acceptCapture(c, c.capture_id, raw, d);
  assert.equal(outcome.kind, 'ok');
  const accepted = outcome.kind === 'ok' ? outcome.outputs[0] : undefined;
  assert.equal(accepted?.content_type, 'image/jpeg');
  assert.deepEqual(await d.blobStore.get(accepted?.blob_uri ?? ''), c.image_bytes);
  assert.equal(d.ledger.rows.size, 1);
});

test('drops a second record with the same key as DUPLICATE but re-emits a redelivery of the same record', async () => {
  const d = await deps();
  const duplicates: string[] = [];
  const withCount = { ...d, onDuplicate: (id: string) => duplicates.push(id) };
  const c = await capture();
  assert.equal((await acceptCapture(c, c.capture_id, raw, withCount)).kind, 'ok');
  // The same record again (its transaction aborted): same origin, so processed again.
  assert.equal((await acceptCapture(c, c.capture_id, raw, withCount)).kind, 'ok');
  // Another record with the key (e.g. sent over HTTP too): a duplicate.
  const again = await acceptCapture(c, c.capture_id, { ...raw, offset: '8' }, withCount);
  assert.deepEqual(again, { kind: 'skip', code: 'DUPLICATE' });
  assert.deepEqual(duplicates, [c.capture_id]);
  assert.equal(d.ledger.rows.get(c.capture_id)?.duplicates, 1);
});

test('dead-letters permanent gate failures with their reason code and claims nothing', async () => {
  const d = await deps();
  const cases: [Partial<CaptureSubmitted>, string][] = [
    [{ image_bytes: Buffer.alloc(0) }, 'INGEST_IMAGE_EMPTY'],
    [{ image_bytes: null, image_uri: null }, 'INGEST_IMAGE_MISSING'],
    [{ image_uri: 'https://example.com/a.jpg' }, 'INGEST_IMAGE_AMBIGUOUS'],
    [{ content_type: 'image/png' }, 'INGEST_CONTENT_TYPE_MISMATCH'],
    [{ image_bytes: Buffer.alloc(2 * 1024 * 1024, 1) }, 'INGEST_IMAGE_TOO_LARGE'],
    [{ image_bytes: null, image_uri: 'https://169.254.169.254/' }, 'INGEST_URI_PRIVATE_ADDRESS'],
    [{ planogram_version: '' }, 'INGEST_METADATA_MISSING'],
  ];
  for (const [over, expected] of cases) {
    const c = await capture(over);
    const outcome = await acceptCapture(c, c.capture_id, raw, d);
    assert.equal(outcome.kind, 'dead-letter', expected);
    assert.equal(outcome.kind === 'dead-letter' ? outcome.code : '', expected);
  }
  assert.equal(d.ledger.rows.size, 0);
});

test('retries a transient fetch failure and claims nothing, so the retry is not taken for a duplicate', async () => {
  const d = await deps();
  const c = await capture({ image_bytes: null, image_uri: 'https://images.example.com/a.jpg' });
  const outcome = await acceptCapture(c, c.capture_id, raw, d);
  assert.equal(outcome.kind, 'retry');
  assert.equal(outcome.kind === 'retry' ? outcome.code : '', 'INGEST_URI_FETCH_FAILED');
  assert.equal(d.ledger.rows.size, 0);
});

test("reads the gateway's own blob URI from the blob store, outside the external URI rules", async () => {
  const d = await deps();
  const stored = await d.blobStore.put(await sampleImage('png'), 'image/png');
  const c = await capture({ image_bytes: null, image_uri: stored.uri, content_type: 'image/png' });
  const outcome = await acceptCapture(c, c.capture_id, raw, d);
  assert.equal(outcome.kind, 'ok');
  assert.equal(outcome.kind === 'ok' ? outcome.outputs[0]?.blob_uri : '', stored.uri);
});
