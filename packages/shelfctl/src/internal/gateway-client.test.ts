import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { type CaptureUpload, GATEWAY_AUTH_HEADER, uploadCapture } from './gateway-client.js';

/** A scripted stand-in for the ingestion gateway: answers each request with the next scripted reply. */
interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}
let app: FastifyInstance;
let gatewayUrl: string;
let script: FakeReply[] = [];
const seen: {
  auth: string | undefined;
  fields: Record<string, string>;
  file?: { name: string; size: number };
}[] = [];

before(async () => {
  app = Fastify();
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );
  app.post('/v1/captures', async (req, reply) => {
    const form = await new Response(req.body as Buffer, {
      headers: { 'content-type': String(req.headers['content-type']) },
    }).formData();
    const fields: Record<string, string> = {};
    let file: { name: string; size: number } | undefined;
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') fields[name] = value;
      else file = { name: value.name, size: value.size };
    }
    seen.push({
      auth: req.headers[GATEWAY_AUTH_HEADER] as string | undefined,
      fields,
      ...(file ? { file } : {}),
    });
    const next = script.shift() ?? { status: 202, body: { status: 'accepted' } };
    reply.code(next.status).headers(next.headers ?? {});
    return next.body ?? {};
  });
  gatewayUrl = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(() => app.close());
beforeEach(() => {
  script = [];
  seen.length = 0;
});

const upload: CaptureUpload = {
  fileName: 'shelf.jpg',
  contentType: 'image/jpeg',
  bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]),
  fields: { store_id: 'store-001', aisle: 'A01', captured_at: '1764000000000' },
};

function recordingSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

test('sends the metadata fields, the image and the bearer API key as multipart', async () => {
  const result = await uploadCapture(upload, { gatewayUrl, apiKey: 'ssk_test' });
  assert.equal(result.ok, true);
  assert.equal(result.status, 202);
  assert.equal(seen[0]?.auth, 'Bearer ssk_test');
  assert.deepEqual(seen[0]?.fields, upload.fields);
  assert.deepEqual(seen[0]?.file, { name: 'shelf.jpg', size: 7 });
});

test('waits what Retry-After says on 429 and 503, then succeeds', async () => {
  script = [
    { status: 429, headers: { 'retry-after': '2' }, body: { code: 'INGEST_RATE_LIMITED' } },
    { status: 503, headers: { 'retry-after': '1' }, body: { code: 'INGEST_BREAKER_OPEN' } },
  ];
  const { waits, sleep } = recordingSleep();
  const result = await uploadCapture(upload, { gatewayUrl, sleep });
  assert.equal(result.ok, true);
  assert.equal(result.attempts, 3);
  assert.deepEqual(waits, [2000, 1000]);
  assert.equal(seen.length, 3);
});

test('backs off exponentially when a 429 carries no Retry-After, and caps a huge Retry-After', async () => {
  script = [{ status: 429 }, { status: 429 }, { status: 503, headers: { 'retry-after': '3600' } }];
  const { waits, sleep } = recordingSleep();
  const result = await uploadCapture(upload, { gatewayUrl, sleep, baseBackoffMs: 100, maxWaitMs: 5000 });
  assert.equal(result.ok, true);
  assert.deepEqual(waits, [100, 200, 5000]);
});

test('gives up after the bounded number of retries and reports the last reason code', async () => {
  script = Array.from({ length: 10 }, () => ({
    status: 429,
    headers: { 'retry-after': '1' },
    body: { code: 'INGEST_RATE_LIMITED' },
  }));
  const { waits, sleep } = recordingSleep();
  const result = await uploadCapture(upload, { gatewayUrl, sleep, maxRetries: 2 });
  assert.equal(result.ok, false);
  assert.equal(result.status, 429);
  assert.equal(result.attempts, 3);
  assert.equal(waits.length, 2);
  assert.match(result.detail, /^INGEST_RATE_LIMITED/);
});

test('does not retry a permanent refusal such as 400 or 401', async () => {
  script = [{ status: 401, body: { code: 'INGEST_AUTH_INVALID' } }];
  const { waits, sleep } = recordingSleep();
  const result = await uploadCapture(upload, { gatewayUrl, sleep });
  assert.deepEqual(
    [result.ok, result.status, result.attempts, result.detail],
    [false, 401, 1, 'INGEST_AUTH_INVALID'],
  );
  assert.deepEqual(waits, []);
});

test('counts 409 (already submitted) as accepted: re-submitting is idempotent', async () => {
  script = [{ status: 409, body: { code: 'INGEST_DUPLICATE' } }];
  const result = await uploadCapture(upload, { gatewayUrl });
  assert.equal(result.ok, true);
});

test('retries a refused connection, then reports a network error', async () => {
  const { waits, sleep } = recordingSleep();
  const result = await uploadCapture(upload, { gatewayUrl: 'http://127.0.0.1:1', sleep, maxRetries: 1 });
  assert.equal(result.ok, false);
  assert.equal(result.status, null);
  assert.equal(waits.length, 1);
  assert.match(result.detail, /network error/);
});
