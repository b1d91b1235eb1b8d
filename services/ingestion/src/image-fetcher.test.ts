import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { LookupAddress } from 'node:dns';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isStageError } from '@shelfstream/errors';
import { createImageFetcher, type ImageFetcherOptions, type ResolveHost } from './image-fetcher.js';
import type { ImageLocation } from './transform/uri-rules.js';

// A throw-away self-signed certificate; the fetcher under test trusts it because certificate checks are off for
// this test process only (the tests are about what happens around the TLS connection, not about TLS).
let tls: { key: Buffer; cert: Buffer } | undefined;
before(async () => {
  process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
  const dir = await mkdtemp(join(tmpdir(), 'fetcher-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
      ].concat(['-subj', '/CN=localhost', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')]),
      { stdio: 'ignore' },
    );
    tls = { key: await readFile(join(dir, 'k.pem')), cert: await readFile(join(dir, 'c.pem')) };
  } catch {
    tls = undefined;
  }
});
after(() => {
  delete process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
});

const base: ImageFetcherOptions = {
  maxBytes: 1024,
  timeoutMs: 2_000,
  allowPrivateAddresses: false,
  s3: {},
};

function https(url: string): ImageLocation {
  return { scheme: 'https', uri: url, url: new URL(url) } as ImageLocation;
}

/** An HTTPS server on 127.0.0.1 that answers every request with `handler`; counts TCP connections. */
async function serve(
  handler: Parameters<typeof createServer>[1],
): Promise<{ server: Server; port: number; connections: () => number }> {
  if (!tls) throw new Error('no openssl');
  const server = createServer(tls, handler);
  let connections = 0;
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, connections: () => connections };
}

function codeOf(expected: string, retriable: boolean) {
  return (err: unknown) => {
    assert.ok(isStageError(err), `a StageError, got ${String(err)}`);
    assert.equal(err.code, expected, err.message);
    assert.equal(err.retriable, retriable);
    return true;
  };
}

test('an https body that stalls past timeoutMs is a retriable INGEST_URI_FETCH_FAILED, not a raw DOMException (issue 12, defect 3)', async (t) => {
  if (!tls) return t.skip('openssl is not installed');
  const { server, port } = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': '1000' });
    res.write(Buffer.alloc(10, 0xff)); // then nothing: the body stalls
  });
  try {
    const fetcher = createImageFetcher({ ...base, timeoutMs: 300, allowPrivateAddresses: true });
    const started = Date.now();
    await assert.rejects(
      fetcher.fetch(https(`https://127.0.0.1:${port}/a.jpg`)),
      codeOf('INGEST_URI_FETCH_FAILED', true),
    );
    assert.ok(Date.now() - started < 2_000, 'gave up at the timeout');
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('refuses a host whose name resolves to loopback when the connection is made, though an earlier lookup said public (DNS rebinding, issue 12)', async (t) => {
  if (!tls) return t.skip('openssl is not installed');
  const { server, port, connections } = await serve((_req, res) => res.end('secret'));
  let calls = 0;
  // The first answer is public, every later one is the attacker's rebind to loopback: whatever the fetcher checked
  // first, the address it connects to must be checked.
  const resolveHost: ResolveHost = async () => {
    calls += 1;
    const address: LookupAddress =
      calls === 1 ? { address: '93.184.215.14', family: 4 } : { address: '127.0.0.1', family: 4 };
    return [address];
  };
  // The earlier check (a gate, a pre-flight lookup) sees the public answer...
  assert.equal((await resolveHost('rebind.test'))[0]?.address, '93.184.215.14');
  try {
    // ...and the connection then gets the rebound one.
    const fetcher = createImageFetcher({ ...base, resolveHost, timeoutMs: 1_000 });
    await assert.rejects(
      fetcher.fetch(https(`https://rebind.test:${port}/a.jpg`)),
      codeOf('INGEST_URI_PRIVATE_ADDRESS', false),
    );
    assert.ok(calls >= 2, 'the connection resolved the name itself');
    assert.equal(connections(), 0, 'no connection reached the loopback server');
  } finally {
    server.close();
  }
});

test('refuses a connection to a NAT64 address that embeds a private IPv4 address (issue 12)', async () => {
  const fetcher = createImageFetcher({
    ...base,
    resolveHost: async () => [{ address: '64:ff9b::a00:1', family: 6 }],
  });
  await assert.rejects(
    fetcher.fetch(https('https://nat64.test/a.jpg')),
    codeOf('INGEST_URI_PRIVATE_ADDRESS', false),
  );
});

test('refuses a private IP literal without resolving it', async () => {
  const fetcher = createImageFetcher({
    ...base,
    resolveHost: async () => assert.fail('an IP literal is not resolved'),
  });
  await assert.rejects(
    fetcher.fetch(https('https://[::ffff:7f00:1]/a.jpg')),
    codeOf('INGEST_URI_PRIVATE_ADDRESS', false),
  );
});

test('fetches an https image and refuses one over maxBytes', async (t) => {
  if (!tls) return t.skip('openssl is not installed');
  const { server, port } = await serve((req, res) => {
    if (req.url === '/big.jpg') res.end(Buffer.alloc(5_000, 1));
    else if (req.url === '/gone.jpg') res.writeHead(404).end();
    else res.end(Buffer.from('jpeg bytes'));
  });
  try {
    const fetcher = createImageFetcher({ ...base, allowPrivateAddresses: true });
    assert.deepEqual(
      await fetcher.fetch(https(`https://127.0.0.1:${port}/a.jpg`)),
      Buffer.from('jpeg bytes'),
    );
    await assert.rejects(
      fetcher.fetch(https(`https://127.0.0.1:${port}/big.jpg`)),
      codeOf('INGEST_IMAGE_TOO_LARGE', false),
    );
    await assert.rejects(
      fetcher.fetch(https(`https://127.0.0.1:${port}/gone.jpg`)),
      codeOf('INGEST_URI_NOT_FOUND', false),
    );
  } finally {
    server.close();
  }
});

test('a file:// URI naming a directory is a permanent INGEST_URI_NOT_FOUND, not a raw EISDIR (issue 12, defect 3)', async () => {
  const root = await mkdtemp(join(tmpdir(), 'fetch-root-'));
  await mkdir(join(root, 'folder'));
  await writeFile(join(root, 'a.jpg'), 'bytes');
  const fetcher = createImageFetcher({ ...base, fileRoot: root });
  const file = (path: string) => ({ scheme: 'file', uri: `file://${path}`, path }) as ImageLocation;
  assert.deepEqual(await fetcher.fetch(file(join(root, 'a.jpg'))), Buffer.from('bytes'));
  await assert.rejects(fetcher.fetch(file(join(root, 'folder'))), codeOf('INGEST_URI_NOT_FOUND', false));
  await assert.rejects(fetcher.fetch(file(join(root, 'missing.jpg'))), codeOf('INGEST_URI_NOT_FOUND', false));
});
