import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { CaptureSubmitted } from '@shelfstream/contracts';
import { GatewayRejectedError } from '@shelfstream/gateway-client';
import { HttpCaptureSink } from './http-sink.js';

const capture = {
  capture_id: 'c'.repeat(64),
  store_id: 'store-001',
  aisle: 'A01',
  fixture_type: 'GONDOLA',
  device_id: 'store-001-cam-1',
  planogram_version: 'v1',
  captured_at: 1_764_000_000_000,
} as CaptureSubmitted;

/** A gateway stand-in answering each request with the next of `answers` (status, Retry-After). */
async function gateway(
  answers: { status: number; retryAfter?: string }[],
  port = 0,
): Promise<Server & { hits: number }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const answer = answers[Math.min(server.hits++, answers.length - 1)] ?? { status: 500 };
      res.writeHead(answer.status, answer.retryAfter ? { 'retry-after': answer.retryAfter } : {});
      res.end(JSON.stringify({ status: answer.status }));
    });
  }) as Server & { hits: number };
  server.hits = 0;
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return server;
}

const urlOf = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

/** What sending one capture to `server` ends in: the sink's answer or what it threw. */
function sendTo(server: Server, options: { maxRetries?: number } = {}): Promise<unknown> {
  const sink = new HttpCaptureSink({ gatewayUrl: urlOf(server), ...options });
  return sink.send(capture, Buffer.from('jpeg'), 'image/jpeg').catch((e: unknown) => e);
}

test('a 202 is delivered; a 429 is retried after Retry-After', async (t) => {
  const server = await gateway([{ status: 429, retryAfter: '0' }, { status: 202 }]);
  t.after(() => server.close());
  const sink = new HttpCaptureSink({ gatewayUrl: urlOf(server), apiKey: 'k' });
  assert.deepEqual(await sink.send(capture, Buffer.from('jpeg'), 'image/jpeg'), { image: 'http' });
  assert.equal(server.hits, 2);
});

test('a 200, the duplicate answer of the gateway, is delivered', async (t) => {
  const server = await gateway([{ status: 200 }]);
  t.after(() => server.close());
  const sink = new HttpCaptureSink({ gatewayUrl: urlOf(server) });
  assert.deepEqual(await sink.send(capture, Buffer.from('jpeg'), 'image/jpeg'), { image: 'http' });
});

test('a 500 is not retried; a 503 past the retry budget is a rejection', async (t) => {
  const broken = await gateway([{ status: 500 }]);
  const busy = await gateway([{ status: 503, retryAfter: '0' }]);
  t.after(() => broken.close());
  t.after(() => busy.close());
  const err = await sendTo(broken);
  assert.ok(err instanceof GatewayRejectedError && err.status === 500 && !err.isClientError);
  assert.equal(broken.hits, 1);
  const gaveUp = await sendTo(busy, { maxRetries: 2 });
  assert.ok(gaveUp instanceof GatewayRejectedError && gaveUp.status === 503);
  assert.equal(busy.hits, 3);
});

test('a 400, and a 409 the gateway never sends, are typed rejections carrying the status and the answer', async (t) => {
  for (const status of [400, 409]) {
    const server = await gateway([{ status }]);
    t.after(() => server.close());
    const err = await sendTo(server);
    assert.ok(err instanceof GatewayRejectedError);
    assert.equal(err.status, status);
    assert.equal(err.isClientError, true);
    assert.match(err.body, new RegExp(String(status)));
    assert.equal(server.hits, 1, 'a rejection is not retried');
  }
});

test('a refused connection is retried until the gateway comes up', async (t) => {
  const probe = await gateway([]);
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const sink = new HttpCaptureSink({ gatewayUrl: `http://127.0.0.1:${port}`, retryForMs: 10_000 });
  const sending = sink.send(capture, Buffer.from('jpeg'), 'image/jpeg');
  await new Promise((r) => setTimeout(r, 600));
  const server = await gateway([{ status: 202 }], port);
  t.after(() => server.close());
  assert.deepEqual(await sending, { image: 'http' });
});

test('a refused connection past the retry window throws', async () => {
  const probe = await gateway([]);
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const sink = new HttpCaptureSink({ gatewayUrl: `http://127.0.0.1:${port}`, retryForMs: 300 });
  await assert.rejects(sink.send(capture, Buffer.from('jpeg'), 'image/jpeg'), TypeError);
});
