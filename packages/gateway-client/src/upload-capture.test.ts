import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, test } from 'node:test';
import { type CaptureUpload, GATEWAY_AUTH_HEADER, uploadCapture } from './upload-capture.js';

/** A scripted stand-in for the ingestion gateway on 127.0.0.1: answers each request with the next scripted reply. */
interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Drop the connection without answering (a network error for the client). */
  hangUp?: boolean;
}
let server: Server;
let gatewayUrl: string;
let script: FakeReply[] = [];
const seen: {
  auth: string | undefined;
  fields: Record<string, string>;
  file?: { name: string; size: number };
}[] = [];

async function readForm(req: IncomingMessage): Promise<FormData> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new Response(Buffer.concat(chunks), {
    headers: { 'content-type': String(req.headers['content-type']) },
  }).formData();
}

before(async () => {
  server = createServer((req, res) => {
    void readForm(req).then((form) => {
      const fields: Record<string, string> = {};
      let file: { name: string; size: number } | undefined;
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') fields[name] = value;
        else file = { name: value.name, size: value.size };
      }
      seen.push({ auth: req.headers[GATEWAY_AUTH_HEADER], fields, ...(file ? { file } : {}) });
      const next = script.shift() ?? { status: 202, body: { capture_id: 'c1', status: 'accepted' } };
      if (next.hangUp) {
        req.socket.destroy();
        return;
      }
      res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
      res.end(next.body === undefined ? '' : JSON.stringify(next.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  gatewayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});
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

test('sends the metadata fields, the image and the bearer API key as multipart; 202 is accepted', async () => {
  const result = await uploadCapture(upload, { gatewayUrl, apiKey: 'ssk_test' });
  assert.deepEqual(
    [result.ok, result.outcome, result.status, result.captureId, result.detail],
    [true, 'accepted', 202, 'c1', 'accepted'],
  );
  assert.equal(seen[0]?.auth, 'Bearer ssk_test');
  assert.deepEqual(seen[0]?.fields, upload.fields);
  assert.deepEqual(seen[0]?.file, { name: 'shelf.jpg', size: 7 });
});

test('sends no authorization header without an API key', async () => {
  await uploadCapture(upload, { gatewayUrl });
  assert.equal(seen[0]?.auth, undefined);
});

test('a 200 is the gateway saying duplicate: delivered, not retried', async () => {
  script = [{ status: 200, body: { capture_id: 'c1', status: 'duplicate' } }];
  const result = await uploadCapture(upload, { gatewayUrl });
  assert.deepEqual([result.ok, result.outcome, result.attempts], [true, 'duplicate', 1]);
});

test('a 409 is an error, not success: the gateway never sends one (regression: both old clients took it as delivered)', async () => {
  script = [{ status: 409, body: { code: 'SOMETHING_ELSE' } }];
  const { waits, sleep } = recordingSleep();
  const result = await uploadCapture(upload, { gatewayUrl, sleep });
  assert.deepEqual([result.ok, result.outcome, result.status, result.attempts], [false, 'failed', 409, 1]);
  assert.deepEqual(waits, []);
});

test('waits what Retry-After says on 429 and 503, then succeeds', async () => {
  script = [
    { status: 429, headers: { 'retry-after': '2' }, body: { code: 'INGEST_RATE_LIMITED' } },
    { status: 503, headers: { 'retry-after': '1' }, body: { code: 'INGEST_DB_UNAVAILABLE' } },
  ];
  const { waits, sleep } = recordingSleep();
  const result = await uploadCapture(upload, { gatewayUrl, sleep });
  assert.equal(result.ok, true);
  assert.equal(result.attempts, 3);
  assert.deepEqual(waits, [2000, 1000]);
  assert.equal(seen.length, 3);
});

test('retries 502 and 504 from a proxy with backoff, and caps a huge Retry-After', async () => {
  script = [{ status: 502 }, { status: 504 }, { status: 503, headers: { 'retry-after': '3600' } }];
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
  assert.deepEqual([result.ok, result.status, result.attempts, waits.length], [false, 429, 3, 2]);
  assert.match(result.detail, /^INGEST_RATE_LIMITED \(gave up after 3 attempts\)/);
});

test('never retries a 4xx refusal or a 500, and reports its reason code', async () => {
  for (const [status, code] of [
    [400, 'INGEST_IMAGE_TRUNCATED'],
    [401, 'INGEST_AUTH_INVALID'],
    [500, 'INGEST_UNEXPECTED_ERROR'],
  ] as const) {
    script = [{ status, body: { code, message: 'no' } }];
    const { waits, sleep } = recordingSleep();
    const result = await uploadCapture(upload, { gatewayUrl, sleep });
    assert.deepEqual([result.ok, result.status, result.attempts, result.detail], [false, status, 1, code]);
    assert.deepEqual(waits, []);
  }
});

test('retries a dropped connection, then succeeds', async () => {
  script = [{ status: 0, hangUp: true }];
  const { waits, sleep } = recordingSleep();
  const result = await uploadCapture(upload, { gatewayUrl, sleep });
  assert.deepEqual([result.ok, result.attempts, waits.length], [true, 2, 1]);
});

test('retries a refused connection, then reports a network error with its cause', async () => {
  const { waits, sleep } = recordingSleep();
  const result = await uploadCapture(upload, { gatewayUrl: 'http://127.0.0.1:1', sleep, maxRetries: 1 });
  assert.deepEqual([result.ok, result.status, waits.length], [false, null, 1]);
  assert.match(result.detail, /network error/);
  assert.ok(result.error instanceof Error);
});

test('stops retrying when the next wait would pass the time budget', async () => {
  script = [{ status: 503, headers: { 'retry-after': '5' } }];
  const { waits, sleep } = recordingSleep();
  const result = await uploadCapture(upload, { gatewayUrl, sleep, retryForMs: 1000 });
  assert.deepEqual([result.ok, result.status, waits.length], [false, 503, 0]);
});
