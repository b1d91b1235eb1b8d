import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { open, realpath } from 'node:fs/promises';
import { request } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { resolve, sep } from 'node:path';
import { S3BlobStore, type S3ConnectionOptions } from '@shelfstream/blob-store';
import { isStageError, StageError } from '@shelfstream/errors';
import type { IngestionReason } from './reasons.js';
import { isPrivateAddress } from './transform/private-address.js';
import type { ImageLocation } from './transform/uri-rules.js';

/** Fetches the image an allowed URI names. Throws StageError with an INGEST_* code. */
export interface ImageFetcher {
  fetch(location: ImageLocation): Promise<Buffer>;
}

/** Settings of {@link createImageFetcher}. */
export interface ImageFetcherOptions {
  readonly maxBytes: number;
  readonly timeoutMs: number;
  readonly allowPrivateAddresses: boolean;
  readonly fileRoot?: string | undefined;
  readonly s3: S3ConnectionOptions;
  /** Resolves an https host name to every address; tests inject one. @default `dns.lookup(host, { all: true })` */
  readonly resolveHost?: ResolveHost | undefined;
}

/** Resolves a host name to all its addresses (the shape of `dns.promises.lookup(host, { all: true })`). */
export type ResolveHost = (hostname: string) => Promise<readonly LookupAddress[]>;

function fail(code: IngestionReason, message: string, retriable = false, cause?: unknown): StageError {
  return new StageError(code, message, { retriable, cause });
}

/**
 * The fetcher of `s3://`, `https://` and `file://` image URIs, each bounded by `maxBytes` and `timeoutMs`.
 * https host names are resolved by the connection itself, through a `lookup` that refuses the connection when any
 * address is private (SSRF): the address checked is the address connected to, so a DNS answer that changes between
 * a check and the connection (rebinding) cannot slip through (issue 12). Redirects are not followed. Every failure,
 * a body that stalls past `timeoutMs` included, is a StageError.
 */
export function createImageFetcher(options: ImageFetcherOptions): ImageFetcher {
  const buckets = new Map<string, S3BlobStore>();
  const bucket = (name: string) => {
    let store = buckets.get(name);
    if (!store) {
      store = new S3BlobStore({ ...options.s3, bucket: name, requestTimeoutMs: options.timeoutMs });
      buckets.set(name, store);
    }
    return store;
  };
  return {
    async fetch(location) {
      if (location.scheme === 's3') return fetchS3(bucket(location.bucket), location.uri, options.maxBytes);
      if (location.scheme === 'file') return fetchFile(location.path, options);
      return fetchHttps(location.url, options);
    },
  };
}

async function fetchS3(store: S3BlobStore, uri: string, maxBytes: number): Promise<Buffer> {
  try {
    const bytes = await store.get(uri);
    if (bytes.length > maxBytes) throw fail('INGEST_IMAGE_TOO_LARGE', `${uri} has ${bytes.length} bytes`);
    return bytes;
  } catch (err) {
    if (isStageError(err) && err.code.startsWith('INGEST_')) throw err;
    if (isStageError(err) && err.code === 'BLOB_NOT_FOUND')
      throw fail('INGEST_URI_NOT_FOUND', `no object at ${uri}`);
    throw fail('INGEST_URI_FETCH_FAILED', `cannot read ${uri}: ${(err as Error).message}`, true, err);
  }
}

async function fetchFile(path: string, options: ImageFetcherOptions): Promise<Buffer> {
  if (options.fileRoot === undefined) throw fail('INGEST_URI_SCHEME_NOT_ALLOWED', 'no file root configured');
  let real: string;
  try {
    real = await realpath(path);
  } catch (err) {
    throw fail('INGEST_URI_NOT_FOUND', `no file at ${path}`, false, err);
  }
  // A symlink inside the root may point outside it: check the real path too.
  const root = await realpath(resolve(options.fileRoot)).catch(() => resolve(options.fileRoot as string));
  if (!real.startsWith(root + sep))
    throw fail('INGEST_URI_PATH_TRAVERSAL', `${path} resolves outside the root`);
  try {
    const handle = await open(real, 'r');
    try {
      const stats = await handle.stat();
      // open() succeeds on a directory; reading it is EISDIR. Neither it nor a device is an image (issue 12).
      if (!stats.isFile()) throw fail('INGEST_URI_NOT_FOUND', `${path} is not a regular file`);
      if (stats.size > options.maxBytes)
        throw fail('INGEST_IMAGE_TOO_LARGE', `${path} has ${stats.size} bytes`);
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (isStageError(err)) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR' || code === 'EACCES')
      throw fail('INGEST_URI_NOT_FOUND', `cannot read ${path}: ${code}`, false, err);
    throw fail('INGEST_URI_FETCH_FAILED', `cannot read ${path}: ${(err as Error).message}`, true, err);
  }
}

const resolveWithDns: ResolveHost = (hostname) => lookup(hostname, { all: true, verbatim: true });

/**
 * A `net` lookup function for the connection: resolves with `resolveHost` and fails the connection with
 * INGEST_URI_PRIVATE_ADDRESS when any address is private, so what is checked is what the socket connects to. Node
 * asks for one address or (with happy eyeballs, `autoSelectFamily`) for all of them: both are answered.
 */
function guardedLookup(resolveHost: ResolveHost, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolveHost(hostname).then(
      (found) => {
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        const addresses = found.filter((a) => family === undefined || a.family === family);
        const first = addresses[0];
        if (!first) {
          callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
          return;
        }
        const unsafe = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
        if (unsafe) {
          callback(
            fail(
              'INGEST_URI_PRIVATE_ADDRESS',
              `${hostname} resolves to a private address (${unsafe.address})`,
            ),
            '',
            0,
          );
          return;
        }
        if (options.all) callback(null, addresses as LookupAddress[]);
        else callback(null, first.address, first.family);
      },
      (err: unknown) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };
}

async function fetchHttps(url: URL, options: ImageFetcherOptions): Promise<Buffer> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // An IP literal never reaches the lookup below (net connects to it directly): check it here.
  if (isIP(host) !== 0 && !options.allowPrivateAddresses && isPrivateAddress(host))
    throw fail('INGEST_URI_PRIVATE_ADDRESS', `${host} is a private address`);
  const lookupFn = guardedLookup(options.resolveHost ?? resolveWithDns, options.allowPrivateAddresses);
  return new Promise<Buffer>((resolvePromise, reject) => {
    let settled = false;
    const settle = (err: StageError | undefined, bytes?: Buffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        req.destroy();
        reject(err);
      } else resolvePromise(bytes as Buffer);
    };
    const failed = (err: unknown) =>
      settle(
        isStageError(err)
          ? err
          : fail(
              'INGEST_URI_FETCH_FAILED',
              `fetching ${url.href} failed: ${(err as Error).message}`,
              true,
              err,
            ),
      );
    // One deadline for connect, headers AND body: a body that stalls is a retriable fetch failure (issue 12).
    const timer = setTimeout(
      () =>
        settle(
          fail(
            'INGEST_URI_FETCH_FAILED',
            `fetching ${url.href} timed out after ${options.timeoutMs} ms`,
            true,
          ),
        ),
      options.timeoutMs,
    );
    // agent: false: a fresh connection each time, so a pooled socket to an address checked earlier is never reused.
    const req = request(url, { method: 'GET', agent: false, lookup: lookupFn }, (response) => {
      const status = response.statusCode ?? 0;
      const refusal = statusRefusal(url, status);
      if (refusal) {
        response.resume();
        settle(refusal);
        return;
      }
      const declared = Number(response.headers['content-length'] ?? 0);
      if (declared > options.maxBytes) {
        settle(fail('INGEST_IMAGE_TOO_LARGE', `${url.href} declares ${declared} bytes`));
        return;
      }
      const chunks: Buffer[] = [];
      let total = 0;
      response.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > options.maxBytes)
          settle(fail('INGEST_IMAGE_TOO_LARGE', `${url.href} is over ${options.maxBytes} bytes`));
        else chunks.push(chunk);
      });
      response.on('end', () => {
        if (response.complete) settle(undefined, Buffer.concat(chunks));
        else failed(new Error('the connection closed before the body was complete'));
      });
      response.on('error', failed);
      response.on('aborted', () => failed(new Error('the response was aborted')));
    });
    req.on('error', failed);
    req.end();
  });
}

/** The refusal a status code means, or undefined for 2xx. */
function statusRefusal(url: URL, status: number): StageError | undefined {
  if (status === 404 || status === 410) return fail('INGEST_URI_NOT_FOUND', `${url.href}: ${status}`);
  if (status >= 300 && status < 400)
    return fail('INGEST_URI_HOST_NOT_ALLOWED', `${url.href} redirects; redirects are not followed`);
  if (status >= 200 && status < 300) return undefined;
  const transient = status === 429 || status >= 500;
  return fail(
    transient ? 'INGEST_URI_FETCH_FAILED' : 'INGEST_URI_NOT_FOUND',
    `${url.href}: HTTP ${status}`,
    transient,
  );
}
