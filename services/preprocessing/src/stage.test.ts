import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context } from '@opentelemetry/api';
import { type BlobInfo, type BlobStore, contentAddress } from '@shelfstream/blob-store';
import { loadConfig } from '@shelfstream/config';
import type { CaptureAccepted, ImagePrepared, RecaptureRequested } from '@shelfstream/contracts';
import { StageError } from '@shelfstream/errors';
import type { FirstOrigin, StageOutput, StageRecord } from '@shelfstream/kafka';
import { createLogger } from '@shelfstream/observability';
import { encodeJpeg, pngBomb, texturedImage } from '@shelfstream/vision';
import sharp from 'sharp';
import { preprocessingConfig } from './config.js';
import { createStage } from './stage.js';

/**
 * A blob store in a Map; `failReads` makes the next n reads fail transiently, `failWritesAfterStoring` makes the next
 * n writes store their blob and then fail transiently (the reply was lost).
 */
class InMemoryBlobStore implements BlobStore {
  readonly blobs = new Map<string, Buffer>();
  failReads = 0;
  failWritesAfterStoring = 0;
  async put(bytes: Buffer, _contentType?: string): Promise<BlobInfo> {
    const { sha256, key } = contentAddress(bytes);
    const uri = `mem://${key}`;
    this.blobs.set(uri, bytes);
    if (this.failWritesAfterStoring > 0) {
      this.failWritesAfterStoring -= 1;
      throw new StageError('BLOB_UNAVAILABLE', 'store timed out after the write', { retriable: true });
    }
    return { uri, sha256, byteSize: bytes.length };
  }
  async get(uri: string): Promise<Buffer> {
    if (this.failReads > 0) {
      this.failReads -= 1;
      throw new StageError('BLOB_UNAVAILABLE', 'store timed out', { retriable: true });
    }
    const bytes = this.blobs.get(uri);
    if (!bytes) throw new StageError('BLOB_NOT_FOUND', `no blob at ${uri}`, { retriable: false });
    return bytes;
  }
  async describe(uri: string): Promise<BlobInfo> {
    const bytes = await this.get(uri);
    return { uri, sha256: contentAddress(bytes).sha256, byteSize: bytes.length };
  }
  async delete(uri: string): Promise<void> {
    this.blobs.delete(uri);
  }
  owns(uri: string): boolean {
    return uri.startsWith('mem://');
  }
}

const logger = createLogger({ service: 'test', level: 'silent' as 'fatal' });

const validated = (offset: string): FirstOrigin => ({
  topic: 'ns.shelf.captures.validated.v1',
  partition: 0,
  offset,
});

/** The record of capture `i`, consumed at `at` (by default the validated topic, offset i) and first consumed there. */
function record(
  i: number,
  blobUri: string,
  at: FirstOrigin = validated(String(i)),
  firstOrigin: FirstOrigin = at,
): StageRecord<CaptureAccepted> {
  const value: CaptureAccepted = {
    capture_id: `capture-${i}`,
    store_id: `store-${i}`,
    aisle: 'A01',
    fixture_type: 'GONDOLA',
    captured_at: 1_700_000_000_000 + i,
    device_id: 'cam-1',
    planogram_version: 'v1',
    source: 'CLI',
    submitted_at: 1_700_000_000_000,
    attributes: {},
    blob_uri: blobUri,
    content_sha256: 'x',
    content_type: 'image/jpeg',
    byte_size: 1,
    accepted_at: 1_700_000_000_000,
  };
  return {
    topic: at.topic,
    originTopic: firstOrigin.topic,
    firstOrigin,
    partition: at.partition,
    offset: at.offset,
    key: value.capture_id,
    value,
    rawValue: Buffer.alloc(0),
    headers: {},
    attempt: 1,
    firstSeenMs: 0,
    traceContext: context.active(),
    logger,
  };
}

/** The service's default settings (an empty environment): a 960 px working image, blur threshold 200. */
const defaults = loadConfig(preprocessingConfig, {});

function processorFor(store: BlobStore) {
  return createStage({
    blobStore: store,
    namespace: 'ns',
    image: defaults,
    quality: {
      blurVarianceMin: defaults.blurVarianceMin,
      minSidePx: defaults.minSidePx,
      darkMeanMax: defaults.darkMeanMax,
      brightMeanMin: defaults.brightMeanMin,
      clippedFractionMax: defaults.clippedFractionMax,
      contrastStddevMin: defaults.contrastStddevMin,
    },
    parallelImages: 2,
    now: () => 42,
  });
}

const outputsOf = (outcome: { kind: string; outputs?: readonly StageOutput[] }) => outcome.outputs ?? [];

test('a sharp full-HD capture goes to the ready topic with its normalized image stored', async () => {
  const store = new InMemoryBlobStore();
  const original = await store.put(await encodeJpeg(texturedImage(1920, 1080, 11)));
  const [outcome] = await processorFor(store)([record(1, original.uri)]);
  assert.equal(outcome?.kind, 'ok');
  const [output] = outputsOf(outcome as { kind: string; outputs: StageOutput[] });
  assert.equal(output?.topic, 'ns.shelf.images.ready.v1');
  assert.equal(output?.key, 'capture-1');
  const prepared = output?.value as ImagePrepared;
  assert.equal(prepared.quality, 'OK');
  assert.deepEqual(
    [prepared.width, prepared.height, prepared.original_width, prepared.original_height],
    [960, 540, 1920, 1080],
  );
  assert.ok(prepared.quality_metrics.blur_variance >= 200, `blur ${prepared.quality_metrics.blur_variance}`);
  assert.equal(prepared.prepared_at, 42);
  const normalized = await store.get(prepared.blob_uri);
  const meta = await sharp(normalized).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height, meta.exif], ['jpeg', 960, 540, undefined]);
});

test('a blurry low-resolution capture goes to the degraded lane with a recapture request keyed by store_id', async () => {
  const store = new InMemoryBlobStore();
  const blurry = await sharp(await encodeJpeg(texturedImage(800, 600, 12)))
    .blur(6)
    .jpeg()
    .toBuffer();
  const original = await store.put(blurry);
  const [outcome] = await processorFor(store)([record(2, original.uri)]);
  const outputs = outputsOf(outcome as { kind: string; outputs: StageOutput[] });
  assert.deepEqual(
    outputs.map((o) => [o.topic, o.key]),
    [
      ['ns.shelf.images.degraded.v1', 'capture-2'],
      ['ns.shelf.recapture.requests.v1', 'store-2'],
    ],
  );
  const prepared = outputs[0]?.value as ImagePrepared;
  assert.equal(prepared.quality, 'DEGRADED');
  assert.deepEqual(prepared.degraded_reasons, ['PREPROCESS_BLURRY', 'PREPROCESS_LOW_RESOLUTION']);
  const recapture = outputs[1]?.value as RecaptureRequested | undefined;
  assert.deepEqual(recapture?.reasons, prepared.degraded_reasons);
});

test('failures become per-record outcomes, in order, and the other records carry on', async () => {
  const store = new InMemoryBlobStore();
  const good = await store.put(await encodeJpeg(texturedImage(1920, 1080, 13)));
  const bomb = await store.put(pngBomb(20_000, 20_000));
  const jpeg = await encodeJpeg(texturedImage(640, 480, 14));
  const truncated = await store.put(jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  const corrupt = await store.put(
    Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7)]),
  );
  const outcomes = await processorFor(store)([
    record(1, bomb.uri),
    record(2, truncated.uri),
    record(3, 'mem://sha256/missing'),
    record(4, corrupt.uri),
    record(5, good.uri),
  ]);
  assert.deepEqual(
    outcomes.map((o) => (o.kind === 'ok' ? 'ok' : `${o.kind}:${o.code}`)),
    [
      'dead-letter:PREPROCESS_PIXEL_LIMIT_EXCEEDED',
      'dead-letter:PREPROCESS_IMAGE_TRUNCATED',
      'dead-letter:PREPROCESS_BLOB_NOT_FOUND',
      'dead-letter:PREPROCESS_DECODE_FAILED',
      'ok',
    ],
  );
});

test('a transient blob-store failure asks for a retry', async () => {
  const store = new InMemoryBlobStore();
  const good = await store.put(await encodeJpeg(texturedImage(320, 240, 15)));
  store.failReads = 1;
  const [first] = await processorFor(store)([record(1, good.uri)]);
  assert.equal(first?.kind === 'retry' && first.code, 'PREPROCESS_BLOB_UNAVAILABLE');
  const [second] = await processorFor(store)([record(1, good.uri)]);
  assert.equal(second?.kind, 'ok');
});

test('re-emits ImagePrepared when a retry redelivers a record whose blob write stored and then threw (issue 12)', async () => {
  const store = new InMemoryBlobStore();
  const original = await store.put(await encodeJpeg(texturedImage(1920, 1080, 16)));
  store.failWritesAfterStoring = 1;
  const [failed] = await processorFor(store)([record(1, original.uri)]);
  assert.equal(failed?.kind === 'retry' && failed.code, 'PREPROCESS_BLOB_UNAVAILABLE');
  assert.equal(store.blobs.size, 2, 'the normalized image was stored before the error');

  const retried: FirstOrigin = { topic: 'ns.shelf.retry.preprocessing.v1', partition: 3, offset: '88' };
  const [redelivered] = await processorFor(store)([record(1, original.uri, retried, validated('1'))]);
  assert.equal(redelivered?.kind, 'ok');
  const [output] = outputsOf(redelivered as { kind: string; outputs: StageOutput[] });
  assert.equal(output?.topic, 'ns.shelf.images.ready.v1');
  assert.equal(output?.key, 'capture-1');
  assert.ok(store.blobs.has((output?.value as ImagePrepared | undefined)?.blob_uri ?? ''));
  assert.equal(store.blobs.size, 2, 'content-addressed: the redelivery wrote no second blob');
});

test('dead-letters only the record whose blob read throws a DOMException timeout, not its chunk (issue 12)', async () => {
  const store = new InMemoryBlobStore();
  const good = await store.put(await encodeJpeg(texturedImage(320, 240, 17)));
  const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
  const timingOut: BlobStore = {
    put: (bytes, type) => store.put(bytes, type),
    get: async (uri) => {
      if (uri === 'mem://sha256/slow') throw timeout;
      return store.get(uri);
    },
    describe: (uri) => store.describe(uri),
    delete: (uri) => store.delete(uri),
    owns: (uri) => store.owns(uri),
  };
  const outcomes = await processorFor(timingOut)([
    record(1, good.uri),
    record(2, 'mem://sha256/slow'),
    record(3, good.uri),
  ]);
  assert.deepEqual(
    outcomes.map((o) => (o.kind === 'ok' ? 'ok' : `${o.kind}:${o.code}`)),
    ['ok', 'dead-letter:PREPROCESS_UNEXPECTED_ERROR', 'ok'],
  );
});
