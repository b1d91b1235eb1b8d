import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { HttpExchange } from './http-exchange.js';

let server: Server;
let base: URL;
const ports: number[] = [];

before(async () => {
  server = createServer((req, res) => {
    ports.push(req.socket.remotePort ?? 0);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/slow') {
        setTimeout(() => res.end('late'), 500);
        return;
      }
      if (req.url === '/down') {
        res.writeHead(503, { 'retry-after': '2' }).end('down');
        return;
      }
      res.writeHead(200, { 'x-length': req.headers['content-length'] ?? 'none' });
      res.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('HttpExchange', () => {
  it('sends the body parts one after the other with their total Content-Length, and reads the answer', async () => {
    const http = new HttpExchange(base);
    const parts = [Buffer.from('{"a":1}'), new Uint8Array(new Float32Array([1, 2, 3]).buffer)];
    const res = await http.send(new URL('/echo', base), { method: 'POST', body: parts, timeoutMs: 2000 });
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-length'], String(7 + 12));
    assert.ok(res.body.equals(Buffer.concat(parts)));
    http.close();
  });

  it('keeps one connection alive across calls (no TCP set-up per infer request)', async () => {
    const http = new HttpExchange(base);
    ports.length = 0;
    for (let i = 0; i < 3; i++) await http.send(new URL('/echo', base), { method: 'GET', timeoutMs: 2000 });
    assert.equal(new Set(ports).size, 1, `client ports ${ports.join(',')}`);
    http.close();
  });

  it('returns a non-2xx answer as an answer, headers included', async () => {
    const http = new HttpExchange(base);
    const res = await http.send(new URL('/down', base), { method: 'GET', timeoutMs: 2000 });
    assert.deepEqual([res.status, res.headers['retry-after'], res.body.toString()], [503, '2', 'down']);
    http.close();
  });

  it('rejects with a TimeoutError when the answer has not ended in time', async () => {
    const http = new HttpExchange(base);
    // The answer ends after 500 ms: a TimeoutError (not 'late') shows the 100 ms bound cut it; no wall-clock assertion,
    // which a loaded machine breaks.
    await assert.rejects(http.send(new URL('/slow', base), { method: 'GET', timeoutMs: 100 }), {
      name: 'TimeoutError',
    });
    http.close();
  });
});
