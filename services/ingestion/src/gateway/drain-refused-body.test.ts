import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { drainRefusedBody } from './drain-refused-body.js';

/** A request body stream with the given headers. */
function request(headers: Record<string, string>): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers }) as unknown as PassThrough & IncomingMessage;
}

test('a small body is read to its end before the refusal is sent', async () => {
  const req = request({ 'content-length': '5' });
  const drained = drainRefusedBody(req, 10);
  req.end(Buffer.from('hello'));
  assert.equal(await drained, 'drained');
  assert.equal(req.readableEnded, true);
});

test('a body that declares more than the limit is not read at all', async () => {
  const req = request({ 'content-length': '11' });
  req.write(Buffer.alloc(11));
  assert.equal(await drainRefusedBody(req, 10), 'too-large');
  assert.equal(req.readableLength, 11, 'nothing was consumed');
});

test('a chunked body is read only up to the limit', async () => {
  const req = request({ 'transfer-encoding': 'chunked' });
  const drained = drainRefusedBody(req, 10);
  req.write(Buffer.alloc(8));
  req.write(Buffer.alloc(8));
  assert.equal(await drained, 'too-large');
});

test('a body that stalls is given up on after the timeout', async () => {
  const req = request({ 'content-length': '5' });
  req.write(Buffer.from('he'));
  assert.equal(await drainRefusedBody(req, 10, 50), 'timed-out');
});
