import { lookup } from 'node:dns/promises';
import { open, realpath } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { S3BlobStore, type S3ConnectionOptions } from '@shelfstream/blob-store';
import { isStageError, StageError } from '@shelfstream/errors';
import type { IngestionReasonCode } from './reasons.js';
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
}

function fail(code: IngestionReasonCode, message: string, retriable = false, cause?: unknown): StageError {
  return new StageError(code, message, { retriable, cause });
}

/**
 * The fetcher of `s3://`, `https://` and `file://` image URIs, each bounded by `maxBytes` and `timeoutMs`.
 * https host names are resolved and refused when any address is private (SSRF); redirects are not followed.
 * Known gap: the connection resolves the name again (DNS rebinding window); pin the address when undici is a dependency.
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
  const handle = await open(real, 'r');
  try {
    const { size } = await handle.stat();
    if (size > options.maxBytes) throw fail('INGEST_IMAGE_TOO_LARGE', `${path} has ${size} bytes`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

async function fetchHttps(url: URL, options: ImageFetcherOptions): Promise<Buffer> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivateAddresses) {
    const addresses = await lookup(host, { all: true }).catch((err: unknown) => {
      throw fail('INGEST_URI_FETCH_FAILED', `cannot resolve ${host}`, true, err);
    });
    if (addresses.some((a) => isPrivateAddress(a.address))) {
      throw fail('INGEST_URI_PRIVATE_ADDRESS', `${host} resolves to a private address`);
    }
  }
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (err) {
    throw fail(
      'INGEST_URI_FETCH_FAILED',
      `fetching ${url.href} failed: ${(err as Error).message}`,
      true,
      err,
    );
  }
  if (response.status === 404 || response.status === 410)
    throw fail('INGEST_URI_NOT_FOUND', `${url.href}: ${response.status}`);
  if (response.status >= 300 && response.status < 400) {
    throw fail('INGEST_URI_HOST_NOT_ALLOWED', `${url.href} redirects; redirects are not followed`);
  }
  if (!response.ok) {
    const transient = response.status === 429 || response.status >= 500;
    throw fail(
      transient ? 'INGEST_URI_FETCH_FAILED' : 'INGEST_URI_NOT_FOUND',
      `${url.href}: HTTP ${response.status}`,
      transient,
    );
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > options.maxBytes)
    throw fail('INGEST_IMAGE_TOO_LARGE', `${url.href} declares ${declared} bytes`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body ?? []) {
    total += (chunk as Uint8Array).length;
    if (total > options.maxBytes)
      throw fail('INGEST_IMAGE_TOO_LARGE', `${url.href} is over ${options.maxBytes} bytes`);
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}
