import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BlobStore } from '@shelfstream/blob-store';
import type { CaptureSubmitted } from '@shelfstream/contracts';
import { acceptCapture } from './stage.js';
import { acceptDeps, sampleCapture } from './test-support/accept-fixtures.js';
import { sampleImage } from './test-support/images.js';

const raw = { topic: 'shelf.captures.raw.v1', partition: 0, offset: '7' };
const deps = acceptDeps;
const capture = sampleCapture;

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

test("takes the gateway's hand-over as it is: its stored image is not read back, sniffed or stored again", async () => {
  const d = await deps();
  const image = await sampleImage('png');
  const stored = await d.blobStore.put(image, 'image/png');
  const reads: string[] = [];
  const counting = { ...d, blobStore: spyReads(d.blobStore, reads) };
  const c = await capture({ image_bytes: null, image_uri: stored.uri, content_type: 'image/png' });
  const outcome = await acceptCapture(c, c.capture_id, raw, counting);
  assert.equal(outcome.kind, 'ok');
  const accepted = outcome.kind === 'ok' ? outcome.outputs[0] : undefined;
  assert.equal(accepted?.blob_uri, stored.uri);
  assert.equal(accepted?.content_sha256, stored.sha256);
  assert.equal(accepted?.byte_size, image.length);
  assert.equal(accepted?.content_type, 'image/png');
  assert.deepEqual(reads, [], 'the blob was not read');
  assert.equal(d.ledger.rows.get(c.capture_id)?.contentSha256, stored.sha256);
});

test('an own-store URI without an accepted content type takes the full path: read back and sniffed', async () => {
  const d = await deps();
  const stored = await d.blobStore.put(await sampleImage('png'), 'image/png');
  const reads: string[] = [];
  const counting = { ...d, blobStore: spyReads(d.blobStore, reads) };
  for (const contentType of [null, 'image/PNG; q=1']) {
    const c = await capture({ image_bytes: null, image_uri: stored.uri, content_type: contentType });
    const outcome = await acceptCapture(c, c.capture_id, raw, counting);
    assert.equal(outcome.kind, 'ok', String(contentType));
    assert.equal(outcome.kind === 'ok' ? outcome.outputs[0]?.content_type : '', 'image/png');
  }
  assert.equal(reads.length, 2);
});

test('a hand-over whose blob is gone dead-letters with BLOB_NOT_FOUND and claims nothing', async () => {
  const d = await deps();
  const stored = await d.blobStore.put(await sampleImage('jpeg'), 'image/jpeg');
  await d.blobStore.delete(stored.uri);
  const c = await capture({ image_bytes: null, image_uri: stored.uri, content_type: 'image/jpeg' });
  const outcome = await acceptCapture(c, c.capture_id, raw, d);
  assert.equal(outcome.kind === 'dead-letter' ? outcome.code : outcome.kind, 'BLOB_NOT_FOUND');
  assert.equal(d.ledger.rows.size, 0);
});

/** The store, recording every URI read through get(). */
function spyReads(store: BlobStore, reads: string[]): BlobStore {
  return {
    put: (bytes, type) => store.put(bytes, type),
    get: (uri) => {
      reads.push(uri);
      return store.get(uri);
    },
    describe: (uri) => store.describe(uri),
    delete: (uri) => store.delete(uri),
    owns: (uri) => store.owns(uri),
  };
}

test('dead-letters a capture whose fetch throws an error without a reason code instead of throwing (issue 12)', async () => {
  const unknownErrors: [unknown, string][] = [
    [new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'DOMException'],
    [
      Object.assign(new Error('EISDIR: illegal operation on a directory, read'), { code: 'EISDIR' }),
      'EISDIR',
    ],
    ['a string', 'non-Error'],
  ];
  for (const [thrown, what] of unknownErrors) {
    const d = await deps({
      fetcher: {
        fetch: async () => {
          throw thrown;
        },
      },
    });
    const c = await capture({ image_bytes: null, image_uri: 'https://images.example.com/a.jpg' });
    const outcome = await acceptCapture(c, c.capture_id, raw, d);
    assert.equal(outcome.kind, 'dead-letter', what);
    assert.equal(outcome.kind === 'dead-letter' ? outcome.code : '', 'INGEST_UNEXPECTED_ERROR', what);
    assert.equal(d.ledger.rows.size, 0, what);
  }
});
