import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type CaptureSubmitted, idempotencyKey } from '@shelfstream/contracts';
import { waitFor } from '@shelfstream/testkit';
import { motionPhotoTrailer, sampleImage } from '../../src/test-support/images.js';
import { type IngestionUnderTest, produceRaw, startIngestion } from './harness.js';

let t: IngestionUnderTest;
let key: string;
before(async () => {
  t = await startIngestion({ INGEST_RATE_LIMIT_PER_STORE: '20', INGEST_RATE_WINDOW_MS: '60000' });
  key = await t.addDevice('cam-1', 'store-1');
});
after(async () => {
  await t?.stop();
});

function form(
  image: Buffer,
  fields: Record<string, string>,
  name = 'shelf.jpg',
  type = 'image/jpeg',
): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  body.append('image', new Blob([image], { type }), name);
  return body;
}

function metadata(capturedAt: number, over: Record<string, string> = {}): Record<string, string> {
  return {
    store_id: 'store-1',
    aisle: 'A07',
    fixture_type: 'ENDCAP',
    captured_at: new Date(capturedAt).toISOString(),
    device_id: 'cam-1',
    planogram_version: 'pg-3',
    ...over,
  };
}

/** A CaptureSubmitted of cam-1 in store-1, as an edge device produces it to the raw topic. */
function rawCapture(c: {
  captureId: string;
  aisle: string;
  capturedAt: number;
  image: Buffer;
  contentType?: string;
}): CaptureSubmitted {
  return {
    capture_id: c.captureId,
    store_id: 'store-1',
    aisle: c.aisle,
    fixture_type: 'ENDCAP',
    captured_at: c.capturedAt,
    device_id: 'cam-1',
    planogram_version: 'pg-3',
    image_bytes: c.image,
    image_uri: null,
    content_type: c.contentType ?? 'image/jpeg',
    source: 'EDGE_DEVICE',
    submitted_at: Date.now(),
    attributes: {},
  } as CaptureSubmitted;
}

async function upload(body: FormData | string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${t.baseUrl}/v1/captures`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${key}`, ...headers },
  });
}

test('an HTTP upload becomes one validated record whose blob holds the image', async () => {
  const image = await sampleImage('jpeg', 320, 240);
  const capturedAt = Date.now() - 60_000;
  const response = await upload(form(image, metadata(capturedAt)));
  assert.equal(response.status, 202, await response.clone().text());
  const { capture_id } = (await response.json()) as { capture_id: string };
  assert.equal(
    capture_id,
    idempotencyKey({ storeId: 'store-1', aisle: 'A07', capturedAt, deviceId: 'cam-1' }),
  );

  const [accepted] = await t.validated((n) => n >= 1);
  assert.ok(accepted, 'validated record');
  assert.equal(accepted.capture_id, capture_id);
  assert.equal(accepted.fixture_type, 'ENDCAP');
  assert.equal(accepted.source, 'HTTP_GATEWAY');
  assert.equal(accepted.content_type, 'image/jpeg');
  assert.equal(accepted.byte_size, image.length);
  assert.ok(accepted.blob_uri.startsWith('file://'));
  assert.deepEqual(
    await readFile(fileURLToPath(accepted.blob_uri)),
    image,
    'blob present with the same bytes',
  );
});

test('the same capture sent twice over HTTP and once over Kafka is processed once and duplicates are counted', async () => {
  const image = await sampleImage('png', 200, 100);
  const capturedAt = Date.now() - 30_000;
  const fields = metadata(capturedAt, { aisle: 'B02' });
  const id = idempotencyKey({ storeId: 'store-1', aisle: 'B02', capturedAt, deviceId: 'cam-1' });

  const first = await upload(form(image, fields, 'p.png', 'image/png'));
  assert.equal(first.status, 202);
  // Wait until the stage has claimed it, so that the second request meets the ledger (200, the existing id).
  await waitFor('ledger row', async () => {
    const { rowCount } = await t.pool.query(
      'select 1 from shelfstream.ingestion_captures where capture_id = $1',
      [id],
    );
    return rowCount ? true : undefined;
  });
  const second = await upload(form(image, fields, 'p.png', 'image/png'));
  assert.equal(second.status, 200);
  assert.deepEqual(await second.json(), { capture_id: id, status: 'duplicate' });

  const viaKafka = rawCapture({ captureId: id, aisle: 'B02', capturedAt, image, contentType: 'image/png' });
  await produceRaw(t, [{ key: id, value: await t.codec.encode(t.topics.capturesRaw, viaKafka) }]);

  const metrics = await waitFor('kafka duplicate counted', async () => {
    const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
    return /shelfstream_ingestion_duplicates_total\{[^}]*channel="kafka"[^}]*\} 1/.test(text)
      ? text
      : undefined;
  });
  assert.match(metrics, /shelfstream_ingestion_duplicates_total\{[^}]*channel="http"[^}]*\} 1/);
  const all = await t.validated((n) => n >= 2, 5_000);
  assert.equal(
    all.filter((r) => r.capture_id === id).length,
    1,
    'exactly one validated record for the capture',
  );
  const { rows } = await t.pool.query(
    'select duplicates from shelfstream.ingestion_captures where capture_id = $1',
    [id],
  );
  assert.equal(rows[0]?.duplicates, 1, 'the Kafka duplicate is counted on the ledger row');
});

test('a JSON request with an SSRF image URI gets 400 with its reason code, and /docs/json describes the route', async () => {
  const docs = (await (await fetch(`${t.baseUrl}/docs/json`)).json()) as {
    openapi: string;
    paths: Record<string, unknown>;
  };
  assert.match(docs.openapi, /^3\./);
  assert.ok(docs.paths['/v1/captures'], 'route documented');
  const response = await upload(
    JSON.stringify({
      ...metadata(Date.now() - 1000, { aisle: 'C03' }),
      image_uri: 'https://127.0.0.1/x.jpg',
    }),
    {
      'content-type': 'application/json',
    },
  );
  assert.equal(response.status, 400);
  assert.equal(((await response.json()) as { code: string }).code, 'INGEST_URI_PRIVATE_ADDRESS');
});

test('the per-store rate limit answers 429 with Retry-After for the busy store only', async () => {
  const busy = await t.addDevice('cam-b', 'store-busy');
  const post = (apiKey: string) =>
    fetch(`${t.baseUrl}/v1/captures`, {
      method: 'POST',
      body: JSON.stringify({ store_id: 'x' }),
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    });
  const statuses: number[] = [];
  for (let i = 0; i < 20; i += 1) statuses.push((await post(busy)).status);
  assert.ok(!statuses.includes(429), `under the limit: ${statuses}`);
  const limited = await post(busy);
  assert.equal(limited.status, 429);
  assert.equal(((await limited.json()) as { code: string }).code, 'INGEST_RATE_LIMITED');
  assert.ok(Number(limited.headers.get('retry-after')) > 0, 'Retry-After set');
  assert.notEqual((await post(key)).status, 429, 'another store is not limited');
});

test('a phone JPEG with data after its EOI (a motion photo) is accepted over HTTP and Kafka; the stored blob is the JPEG alone', async () => {
  const jpeg = await sampleImage('jpeg', 320, 240);
  const phoneFile = Buffer.concat([jpeg, motionPhotoTrailer(8192)]);
  const overHttp = Date.now() - 20_000;
  const response = await upload(form(phoneFile, metadata(overHttp, { aisle: 'M01' })));
  assert.equal(response.status, 202, await response.clone().text());
  const httpId = idempotencyKey({
    storeId: 'store-1',
    aisle: 'M01',
    capturedAt: overHttp,
    deviceId: 'cam-1',
  });

  const overKafka = Date.now() - 10_000;
  const kafkaId = idempotencyKey({
    storeId: 'store-1',
    aisle: 'M02',
    capturedAt: overKafka,
    deviceId: 'cam-1',
  });
  const submitted = rawCapture({ captureId: kafkaId, aisle: 'M02', capturedAt: overKafka, image: phoneFile });
  await produceRaw(t, [{ key: kafkaId, value: await t.codec.encode(t.topics.capturesRaw, submitted) }]);

  // validated() returns what the topic holds once its time is up (other tests' records too): keep ours.
  const accepted = await waitFor('both captures validated', async () => {
    const mine = (await t.validated(() => false, 4_000)).filter((r) =>
      [httpId, kafkaId].includes(r.capture_id),
    );
    return mine.length === 2 ? mine : undefined;
  });
  for (const record of accepted) {
    assert.equal(record.byte_size, jpeg.length, `${record.source}: the trailer is not counted`);
    assert.deepEqual(
      await readFile(fileURLToPath(record.blob_uri)),
      jpeg,
      `${record.source}: only the JPEG stored`,
    );
  }
});
