import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FsBlobStore } from '@shelfstream/blob-store';
import {
  type CaptureAccepted,
  type DeadLetter,
  type ImagePrepared,
  idempotencyKey,
  type RecaptureRequested,
} from '@shelfstream/contracts';
import { TypedProducer } from '@shelfstream/kafka';
import {
  loggedAddress,
  readTopic,
  type SpawnedService,
  spawnService,
  testNamespace,
  waitFor,
} from '@shelfstream/testkit';
import { encodeJpeg, pngBomb, texturedImage } from '@shelfstream/vision';
import sharp from 'sharp';

const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const { ns, topics, kafka, codec, provision } = testNamespace('t', { clientId: 'preprocessing-test' });
let producer: TypedProducer;
let blobRoot: string;
let store: FsBlobStore;
let service: SpawnedService<string>;
let child: ChildProcess;
let metricsUrl: string;
let seq = 0;

before(async () => {
  await provision();
  producer = new TypedProducer(kafka, codec);
  await producer.connect();
  blobRoot = await mkdtemp(join(tmpdir(), 'preprocessing-blobs-'));
  store = new FsBlobStore(blobRoot);
  service = spawnService({
    script: main,
    name: 'the preprocessing service',
    env: {
      KAFKA_TOPIC_NAMESPACE: ns,
      HTTP_PORT: '0',
      BLOB_STORE_URL: pathToFileURL(blobRoot).href,
      LOG_LEVEL: 'info',
      UV_THREADPOOL_SIZE: '4',
      PREPROCESS_RETRY_INITIAL_DELAY_MS: '200',
    },
    ready: loggedAddress(),
    readyTimeoutMs: 60_000,
  });
  child = service.child;
  metricsUrl = `${await service.started}/metrics`;
});

after(async () => {
  await producer?.disconnect();
  await service?.stop();
  if (blobRoot) await rm(blobRoot, { recursive: true, force: true });
});

/** Stores `bytes` as ingestion would and produces the CaptureAccepted that points at them. */
async function submit(
  bytes: Buffer | null,
  overrides: Partial<CaptureAccepted> = {},
): Promise<CaptureAccepted> {
  seq += 1;
  const capturedAt = Date.UTC(2026, 0, 5, 8, 0, 0, seq);
  const identity = {
    storeId: overrides.store_id ?? 'store-042',
    aisle: 'A07',
    capturedAt,
    deviceId: 'cam-9',
  };
  const blob = bytes
    ? await store.put(bytes, 'image/jpeg')
    : {
        uri: pathToFileURL(join(blobRoot, 'sha256', 'f'.repeat(64))).href,
        sha256: 'f'.repeat(64),
        byteSize: 0,
      };
  const capture: CaptureAccepted = {
    capture_id: idempotencyKey(identity),
    store_id: identity.storeId,
    aisle: identity.aisle,
    fixture_type: 'ENDCAP',
    captured_at: capturedAt,
    device_id: identity.deviceId,
    planogram_version: 'v1',
    source: 'CLI',
    submitted_at: capturedAt + 10,
    attributes: {},
    blob_uri: blob.uri,
    content_sha256: blob.sha256,
    content_type: 'image/jpeg',
    byte_size: blob.byteSize,
    accepted_at: capturedAt + 20,
    ...overrides,
  };
  await producer.send([{ topic: topics.capturesValidated, key: capture.capture_id, value: capture }]);
  return capture;
}

async function readDecoded<T>(topic: string, until: (values: T[]) => boolean, timeoutMs = 60_000) {
  const records = await readTopic<T>(kafka, topic, {
    decode: (value) => codec.decode<T>(value, topic),
    until: (list) => until(list.map((r) => r.decoded as T)),
    timeoutMs,
  });
  return records;
}

/** A full-HD shelf photo as a phone writes it: rotated pixels, orientation 6, GPS and a body serial in EXIF. */
async function phonePhoto(seed: number): Promise<Buffer> {
  const upright = texturedImage(1920, 1080, seed);
  return sharp(upright.data, { raw: { width: 1920, height: 1080, channels: 3 } })
    .rotate(-90)
    .jpeg({ quality: 92 })
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'Acme', Model: 'ShelfCam' },
      IFD2: { BodySerialNumber: 'SN-SECRET-77' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' },
    })
    .toBuffer();
}

test('a validated capture comes out ready: upright, metadata-free normalized blob and a right record', async () => {
  const capture = await submit(await phonePhoto(21));
  const records = await readDecoded<ImagePrepared>(topics.imagesReady, (v) =>
    v.some((p) => p.capture_id === capture.capture_id),
  );
  const record = records.find((r) => r.decoded?.capture_id === capture.capture_id);
  assert.ok(record?.decoded, `ready record arrived\n${service.output().slice(-2000)}`);
  const prepared = record.decoded;
  assert.equal(record.key, capture.capture_id);
  assert.equal(prepared.quality, 'OK');
  assert.deepEqual(prepared.degraded_reasons, []);
  assert.equal(prepared.route, 'endcap');
  assert.equal(prepared.original_blob_uri, capture.blob_uri);
  assert.deepEqual([prepared.original_width, prepared.original_height], [1920, 1080], 'orientation applied');
  assert.deepEqual([prepared.width, prepared.height], [960, 540], 'long side bounded');
  assert.ok(prepared.quality_metrics.blur_variance >= 200);
  assert.equal(record.headers['traceparent'] !== undefined, true, 'trace context carried');

  const normalized = await store.get(prepared.blob_uri);
  const meta = await sharp(normalized).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 960, 540]);
  assert.equal(meta.exif, undefined, 'no EXIF left');
  assert.ok(!normalized.includes(Buffer.from('SN-SECRET-77')), 'no serial left');
});

test('a blurry, low-resolution capture goes to the degraded lane and asks the store for a recapture', async () => {
  const blurry = await sharp(await encodeJpeg(texturedImage(800, 600, 22)))
    .blur(6)
    .jpeg()
    .toBuffer();
  const capture = await submit(blurry, { store_id: 'store-077' });
  const degraded = await readDecoded<ImagePrepared>(topics.imagesDegraded, (v) =>
    v.some((p) => p.capture_id === capture.capture_id),
  );
  const prepared = degraded.find((r) => r.decoded?.capture_id === capture.capture_id)?.decoded;
  assert.equal(prepared?.quality, 'DEGRADED');
  assert.deepEqual(prepared?.degraded_reasons, ['PREPROCESS_BLURRY', 'PREPROCESS_LOW_RESOLUTION']);
  const recaptures = await readDecoded<RecaptureRequested>(topics.recaptureRequests, (v) =>
    v.some((r) => r.capture_id === capture.capture_id),
  );
  const request = recaptures.find((r) => r.decoded?.capture_id === capture.capture_id);
  assert.equal(request?.key, 'store-077', 'keyed by store_id');
  assert.deepEqual(request?.decoded?.reasons, prepared?.degraded_reasons);
  const ready = await readTopic(kafka, topics.imagesReady, {
    until: () => true,
    timeoutMs: 3_000,
    settleMs: 2_000,
  });
  assert.ok(!ready.some((r) => r.key === capture.capture_id), 'not on the ready topic');
});

test('a too dark and a glaring capture go to the degraded lane with their exposure flags', async () => {
  const shelf = await encodeJpeg(texturedImage(1920, 1080, 31));
  const dark = await sharp(shelf).modulate({ brightness: 0.15 }).jpeg().toBuffer();
  const glaring = await sharp(shelf).linear(1, 200).jpeg().toBuffer();
  const darkCapture = await submit(dark, { store_id: 'store-078' });
  const glaringCapture = await submit(glaring, { store_id: 'store-079' });
  const degraded = await readDecoded<ImagePrepared>(topics.imagesDegraded, (v) =>
    [darkCapture, glaringCapture].every((c) => v.some((p) => p.capture_id === c.capture_id)),
  );
  const reasonsOf = (id: string) =>
    degraded.find((r) => r.decoded?.capture_id === id)?.decoded?.degraded_reasons ?? [];
  assert.ok(
    reasonsOf(darkCapture.capture_id).includes('PREPROCESS_TOO_DARK'),
    String(reasonsOf(darkCapture.capture_id)),
  );
  const glare = reasonsOf(glaringCapture.capture_id);
  assert.ok(
    glare.includes('PREPROCESS_TOO_BRIGHT') && glare.includes('PREPROCESS_HIGHLIGHTS_CLIPPED'),
    String(glare),
  );
});

test('corrupt, bomb, truncated and missing images are dead-lettered with their codes, and the stage keeps going', async () => {
  const pid = child.pid;
  const jpeg = await encodeJpeg(texturedImage(1280, 960, 23));
  const bad = {
    corrupt: await submit(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)])),
    bomb: await submit(pngBomb(30_000, 30_000)),
    truncated: await submit(jpeg.subarray(0, Math.floor(jpeg.length * 0.6))),
    missing: await submit(null),
  };
  const good = await submit(await phonePhoto(24));
  const ids = Object.values(bad).map((c) => c.capture_id);
  const dead = await readDecoded<DeadLetter>(topics.deadLetters, (v) =>
    ids.every((id) => v.some((d) => d.capture_id === id)),
  );
  const codeOf = (id: string) => dead.find((r) => r.decoded?.capture_id === id)?.decoded;
  assert.equal(codeOf(bad.corrupt.capture_id)?.reason_code, 'PREPROCESS_DECODE_FAILED');
  assert.equal(codeOf(bad.bomb.capture_id)?.reason_code, 'PREPROCESS_PIXEL_LIMIT_EXCEEDED');
  assert.equal(codeOf(bad.truncated.capture_id)?.reason_code, 'PREPROCESS_IMAGE_TRUNCATED');
  const missing = codeOf(bad.missing.capture_id);
  assert.equal(missing?.reason_code, 'PREPROCESS_BLOB_NOT_FOUND');
  assert.equal(missing?.retriable, false, 'a missing blob is permanent');
  assert.equal(missing?.attempts, 1, 'not retried');
  assert.equal(missing?.stage, 'PREPROCESSING');
  assert.equal(missing?.original_topic, topics.capturesValidated);

  const ready = await readDecoded<ImagePrepared>(topics.imagesReady, (v) =>
    v.some((p) => p.capture_id === good.capture_id),
  );
  assert.ok(
    ready.some((r) => r.decoded?.capture_id === good.capture_id),
    'a good capture after them got through',
  );
  assert.equal(child.exitCode, null, 'still running');
  assert.equal(child.pid, pid, 'no restart');
});

test('memory stays bounded over a few hundred records', { timeout: 150_000 }, async () => {
  const images = await Promise.all([31, 32, 33, 34].map(async (s) => encodeJpeg(texturedImage(640, 480, s))));
  const rss = async () => {
    const text = await (await fetch(metricsUrl)).text();
    return Number(/^process_resident_memory_bytes(?:\{[^}]*\})? (\S+)/m.exec(text)?.[1]);
  };
  // Prepared images of either verdict, from the stage's own counter.
  const readyCount = async () => {
    const text = await (await fetch(metricsUrl)).text();
    return [...text.matchAll(/^shelfstream_preprocessing_images_total\{[^}]*\} (\S+)/gm)].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );
  };
  const start = await readyCount();
  const send = async (n: number) => {
    for (let i = 0; i < n; i += 1) await submit(images[i % images.length] as Buffer);
  };
  await send(60);
  await waitFor(
    'warm-up records',
    async () => ((await readyCount()) >= start + 60 ? true : undefined),
    90_000,
    250,
  );
  const warm = await rss();
  await send(240);
  const samples: number[] = [];
  await waitFor(
    'all records',
    async () => {
      samples.push(await rss());
      return (await readyCount()) >= start + 300 ? true : undefined;
    },
    120_000,
    500,
  );
  const peak = Math.max(...samples);
  const mib = (b: number) => Math.round(b / 1024 / 1024);
  assert.ok(peak - warm < 150 * 1024 * 1024, `RSS after warm-up ${mib(warm)} MiB, peak ${mib(peak)} MiB`);
  assert.ok(peak < 700 * 1024 * 1024, `peak RSS ${mib(peak)} MiB`);
  process.stdout.write(`# memory: warm ${mib(warm)} MiB, peak ${mib(peak)} MiB over 240 more records\n`);
});
