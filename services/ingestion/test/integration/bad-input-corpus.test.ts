import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type CaptureSubmitted, idempotencyKey } from '@shelfstream/contracts';
import { signingSecretOf } from '@shelfstream/db';
import { DEVICE_HEADER } from '../../src/gateway/authenticate.js';
import { jpegDeclaring, pngDeclaring, sampleImage } from '../../src/test-support/images.js';
import { SIGNATURE_HEADER, signRequest } from '../../src/transform/hmac-signature.js';
import { type IngestionUnderTest, produceRaw, startIngestion } from './harness.js';

const MAX_IMAGE_BYTES = 300_000;
let t: IngestionUnderTest;
let key: string;
let fileRoot: string;
before(async () => {
  fileRoot = await mkdtemp(join(tmpdir(), 'ingest-files-'));
  await writeFile(join(fileRoot, 'ok.jpg'), await sampleImage('jpeg'));
  t = await startIngestion({
    INGEST_MAX_IMAGE_BYTES: String(MAX_IMAGE_BYTES),
    INGEST_URI_SCHEMES: 's3,https,file',
    INGEST_URI_HOSTS: 'images.example.com',
    INGEST_URI_BUCKETS: process.env['S3_BUCKET'] ?? 'shelfstream',
    INGEST_URI_FILE_ROOT: fileRoot,
    INGEST_MAX_CLOCK_SKEW_MS: '60000',
    INGEST_MAX_CAPTURE_AGE_MS: '86400000',
  });
  key = await t.addDevice('cam-1', 'store-1');
});
after(async () => {
  await t?.stop();
});

/** Resident set size of the service process (Linux /proc), in bytes. */
async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

function capture(device: string, over: Partial<CaptureSubmitted> = {}): CaptureSubmitted {
  const capturedAt = over.captured_at ?? Date.now() - 10_000;
  return {
    capture_id: idempotencyKey({ storeId: 'store-1', aisle: 'A01', capturedAt, deviceId: device }),
    store_id: 'store-1',
    aisle: 'A01',
    fixture_type: 'GONDOLA',
    captured_at: capturedAt,
    device_id: device,
    planogram_version: 'v1',
    image_bytes: null,
    image_uri: null,
    content_type: null,
    source: 'EDGE_DEVICE',
    submitted_at: Date.now(),
    attributes: {},
    ...over,
  } as CaptureSubmitted;
}

test('a corpus of bad Kafka records each lands in the DLQ with its own reason code, without a restart', async () => {
  const pid = t.child.pid as number;
  const rssBefore = await rssOf(pid);
  const jpeg = await sampleImage('jpeg', 320, 240);
  const png = await sampleImage('png');
  const cases: [string, Partial<CaptureSubmitted>, string][] = [
    ['zero-bytes', { image_bytes: Buffer.alloc(0) }, 'INGEST_IMAGE_EMPTY'],
    ['truncated-jpeg', { image_bytes: jpeg.subarray(0, jpeg.length / 2) }, 'INGEST_IMAGE_TRUNCATED'],
    [
      'gif-named-jpeg',
      { image_bytes: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), content_type: 'image/jpeg' },
      'INGEST_IMAGE_UNSUPPORTED_TYPE',
    ],
    ['png-declared-jpeg', { image_bytes: png, content_type: 'image/jpeg' }, 'INGEST_CONTENT_TYPE_MISMATCH'],
    [
      'pixel-bomb-png',
      { image_bytes: pngDeclaring(200_000, 200_000, png) },
      'INGEST_IMAGE_DIMENSIONS_INVALID',
    ],
    [
      'pixel-bomb-jpeg',
      { image_bytes: jpegDeclaring(65_000, 65_000, jpeg) },
      'INGEST_IMAGE_DIMENSIONS_INVALID',
    ],
    ['one-pixel-png', { image_bytes: pngDeclaring(1, 1, png) }, 'INGEST_IMAGE_DIMENSIONS_DEGENERATE'],
    ['strip-png', { image_bytes: pngDeclaring(20_000, 8, png) }, 'INGEST_IMAGE_DIMENSIONS_DEGENERATE'],
    [
      'oversized',
      { image_bytes: Buffer.concat([jpeg, Buffer.alloc(MAX_IMAGE_BYTES)]) },
      'INGEST_IMAGE_TOO_LARGE',
    ],
    ['no-image', {}, 'INGEST_IMAGE_MISSING'],
    [
      'two-images',
      { image_bytes: jpeg, image_uri: 'https://images.example.com/a.jpg' },
      'INGEST_IMAGE_AMBIGUOUS',
    ],
    ['missing-store', { store_id: '', image_bytes: jpeg }, 'INGEST_METADATA_MISSING'],
    ['future', { captured_at: Date.now() + 3_600_000, image_bytes: jpeg }, 'INGEST_CAPTURED_IN_FUTURE'],
    ['too-old', { captured_at: Date.now() - 3 * 86_400_000, image_bytes: jpeg }, 'INGEST_CAPTURED_TOO_OLD'],
    ['ssrf-loopback', { image_uri: 'https://127.0.0.1/x.jpg' }, 'INGEST_URI_PRIVATE_ADDRESS'],
    [
      'ssrf-metadata',
      { image_uri: 'https://169.254.169.254/latest/meta-data/' },
      'INGEST_URI_PRIVATE_ADDRESS',
    ],
    ['ssrf-rfc1918', { image_uri: 'https://10.0.0.8/x.jpg' }, 'INGEST_URI_PRIVATE_ADDRESS'],
    ['scheme-ftp', { image_uri: 'ftp://images.example.com/x.jpg' }, 'INGEST_URI_SCHEME_NOT_ALLOWED'],
    ['host-not-allowed', { image_uri: 'https://evil.example.org/x.jpg' }, 'INGEST_URI_HOST_NOT_ALLOWED'],
    ['file-traversal', { image_uri: `file://${fileRoot}/../../etc/passwd` }, 'INGEST_URI_PATH_TRAVERSAL'],
    [
      's3-missing',
      { image_uri: `s3://${process.env['S3_BUCKET'] ?? 'shelfstream'}/nope/${Date.now()}.jpg` },
      'INGEST_URI_NOT_FOUND',
    ],
  ];
  const records = cases.map(([device, over]) => capture(device, over));
  const messages = await Promise.all(
    records.map(async (c) => ({ key: c.capture_id, value: await t.codec.encode(t.topics.capturesRaw, c) })),
  );
  // A record whose key is not the idempotency key of its metadata, and bytes that are not Avro at all.
  const badKey = capture('bad-key', { image_bytes: jpeg });
  messages.push({ key: 'f'.repeat(64), value: await t.codec.encode(t.topics.capturesRaw, badKey) });
  messages.push({ key: 'not-avro', value: Buffer.from('this is not a confluent-framed avro record') });
  // And a good one last: the stage is still alive and working after the corpus.
  const good = capture('good', { image_uri: `file://${fileRoot}/ok.jpg`, content_type: 'image/jpeg' });
  messages.push({ key: good.capture_id, value: await t.codec.encode(t.topics.capturesRaw, good) });
  await produceRaw(t, messages);

  const expectedDead = cases.length + 2;
  const dead = await t.deadLetters((n) => n >= expectedDead, 60_000);
  const byKey = new Map(dead.map((d) => [d.original_key, d]));
  for (const [i, [name, , code]] of cases.entries()) {
    const letter = byKey.get((records[i] as CaptureSubmitted).capture_id);
    assert.equal(letter?.reason_code, code, name);
    assert.equal(letter?.stage, 'INGESTION');
    assert.equal(letter?.retriable, false, name);
  }
  assert.equal(byKey.get('f'.repeat(64))?.reason_code, 'INGEST_KEY_MISMATCH');
  assert.equal(byKey.get('not-avro')?.reason_code, 'KAFKA_DECODE_FAILED');
  assert.equal(dead.length, expectedDead, 'nothing else dead-lettered');

  const validated = await t.validated((n) => n >= 1);
  assert.deepEqual(
    validated.map((v) => v.capture_id),
    [good.capture_id],
    'only the good record is validated',
  );
  assert.equal(t.child.exitCode, null, 'no restart');
  assert.equal(t.child.pid, pid);
  const rssAfter = await rssOf(pid);
  assert.ok(rssAfter - rssBefore < 150 * 1024 * 1024, `RSS grew ${(rssAfter - rssBefore) / 1e6} MB`);
});

test('the gateway answers each bad request with its 4xx and reason code', async () => {
  const jpeg = await sampleImage('jpeg');
  const capturedAt = Date.now() - 5000;
  const fields = (over: Record<string, string> = {}) => ({
    store_id: 'store-1',
    aisle: 'H1',
    fixture_type: 'FREEZER',
    captured_at: String(capturedAt),
    device_id: 'cam-1',
    planogram_version: 'v1',
    ...over,
  });
  const multipart = (f: Record<string, string>, image: Buffer, name = 'a.jpg', type = 'image/jpeg') => {
    const body = new FormData();
    for (const [k, v] of Object.entries(f)) body.append(k, v);
    body.append('image', new Blob([image], { type }), name);
    return body;
  };
  const post = async (body: FormData | string, headers: Record<string, string>) => {
    const r = await fetch(`${t.baseUrl}/v1/captures`, { method: 'POST', body, headers });
    const json = (await r.json()) as { code?: string; status?: string };
    return [r.status, json.code ?? json.status] as const;
  };
  const bearer = { authorization: `Bearer ${key}` };
  const other = await t.addDevice('cam-9', 'store-9');

  assert.deepEqual(await post(multipart(fields(), jpeg), {}), [401, 'INGEST_AUTH_MISSING']);
  assert.deepEqual(await post(multipart(fields(), jpeg), { authorization: 'Bearer ssk_wrong' }), [
    401,
    'INGEST_AUTH_INVALID',
  ]);
  assert.deepEqual(await post(multipart(fields(), jpeg), { authorization: `Bearer ${other}` }), [
    403,
    'INGEST_AUTH_WRONG_STORE',
  ]);
  assert.deepEqual(await post(multipart(fields(), Buffer.from('GIF89a fake'), 'shelf.jpg'), bearer), [
    415,
    'INGEST_IMAGE_UNSUPPORTED_TYPE',
  ]);
  assert.deepEqual(await post(multipart(fields({ fixture_type: 'PALLET' }), jpeg), bearer), [
    400,
    'INGEST_FIXTURE_UNKNOWN',
  ]);
  assert.deepEqual(await post(multipart(fields({ aisle: '' }), jpeg), bearer), [
    400,
    'INGEST_METADATA_MISSING',
  ]);
  assert.deepEqual(await post(multipart(fields(), Buffer.alloc(MAX_IMAGE_BYTES + 10, 0xff)), bearer), [
    413,
    'INGEST_IMAGE_TOO_LARGE',
  ]);
  assert.deepEqual(await post('{"store_id": ', { ...bearer, 'content-type': 'application/json' }), [
    400,
    'INGEST_BODY_INVALID',
  ]);
  assert.deepEqual(
    await post(
      JSON.stringify({
        ...fields(),
        capture_id: 'a'.repeat(64),
        image_uri: 'https://images.example.com/a.jpg',
      }),
      {
        ...bearer,
        'content-type': 'application/json',
      },
    ),
    [400, 'INGEST_KEY_MISMATCH'],
  );

  // HMAC: a signed JSON request is accepted; the same signature over another body is refused.
  const body = JSON.stringify({ ...fields({ aisle: 'H2' }), image_uri: 'https://images.example.com/h2.jpg' });
  const signature = signRequest(signingSecretOf(key), Buffer.from(body), Date.now());
  const signed = {
    'content-type': 'application/json',
    [DEVICE_HEADER]: 'cam-1',
    [SIGNATURE_HEADER]: signature,
  };
  assert.deepEqual(await post(body, signed), [202, 'accepted']);
  assert.deepEqual(await post(body.replace('H2', 'H3'), signed), [401, 'INGEST_AUTH_INVALID']);
});
