import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { StageError } from '@shelfstream/errors';
import type { BlobInfo, BlobStore } from './blob-store.js';
import { contentAddress, requireContentAddress } from './content-address.js';

/** Connection settings of {@link S3BlobStore}. */
export interface S3BlobStoreOptions {
  /** The bucket (must exist). */
  readonly bucket: string;
  /** Key prefix under the bucket, e.g. `captures/` (a trailing `/` is added when missing). @default '' */
  readonly prefix?: string;
  /** Endpoint of an S3-compatible service (S3Proxy, MinIO); omit for AWS. */
  readonly endpoint?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  /** Path-style addressing (`endpoint/bucket/key`), needed by most S3-compatible services. @default true with an endpoint */
  readonly forcePathStyle?: boolean;
  /** Per-request timeout (ms). @default 10000 */
  readonly requestTimeoutMs?: number;
}

/**
 * A blob store in an S3 bucket (`s3://<bucket>/<prefix>sha256/<hex>` URIs): the production store.
 * Writes are content-addressed, so a retried put overwrites identical bytes and never stores two copies.
 */
export class S3BlobStore implements BlobStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(options: S3BlobStoreOptions, client?: S3Client) {
    this.#bucket = options.bucket;
    const prefix = (options.prefix ?? '').replace(/^\/+/, '');
    this.#prefix = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
    this.#client =
      client ??
      new S3Client({
        region: options.region ?? 'us-east-1',
        forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(options.accessKeyId && options.secretAccessKey
          ? {
              credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
            }
          : {}),
        requestHandler: { requestTimeout: options.requestTimeoutMs ?? 10_000 },
        maxAttempts: 2,
        // SDK >= 3.729 adds CRC32 checksum headers by default; S3-compatible services such as S3Proxy answer 501 to
        // them. Send checksums only where the API requires them.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
  }

  async put(bytes: Buffer, contentType: string): Promise<BlobInfo> {
    const { sha256, key } = contentAddress(bytes);
    const objectKey = `${this.#prefix}${key}`;
    const info = { uri: `s3://${this.#bucket}/${objectKey}`, sha256, byteSize: bytes.length };
    try {
      const head = await this.#client
        .send(new HeadObjectCommand({ Bucket: this.#bucket, Key: objectKey }))
        .catch((err: unknown) => {
          if (isNotFound(err)) return undefined;
          throw err;
        });
      if (head?.ContentLength === bytes.length) return info;
      await this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: objectKey,
          Body: bytes,
          ContentType: contentType,
          ContentLength: bytes.length,
        }),
      );
      return info;
    } catch (err) {
      throw unavailable(`cannot write ${info.uri}`, err);
    }
  }

  async get(uri: string): Promise<Buffer> {
    const objectKey = this.#keyOf(uri);
    try {
      const out = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: objectKey }));
      const bytes = await out.Body?.transformToByteArray();
      return Buffer.from(bytes ?? new Uint8Array());
    } catch (err) {
      throw readError(uri, err);
    }
  }

  async describe(uri: string): Promise<BlobInfo> {
    const objectKey = this.#keyOf(uri);
    const sha256 = requireContentAddress(uri);
    try {
      const head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: objectKey }));
      return { uri, sha256, byteSize: head.ContentLength ?? 0 };
    } catch (err) {
      throw readError(uri, err);
    }
  }

  async delete(uri: string): Promise<void> {
    const objectKey = this.#keyOf(uri);
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: objectKey }));
    } catch (err) {
      if (isNotFound(err)) return;
      throw unavailable(`cannot delete ${uri}`, err);
    }
  }

  owns(uri: string): boolean {
    const base = `s3://${this.#bucket}/${this.#prefix}`;
    if (!uri.startsWith(base)) return false;
    const rest = uri.slice(base.length);
    return rest.length > 0 && !rest.split('/').some((part) => part === '..' || part === '.' || part === '');
  }

  /** Closes the HTTP connections of the S3 client. */
  close(): void {
    this.#client.destroy();
  }

  #keyOf(uri: string): string {
    if (!this.owns(uri)) {
      throw new StageError('BLOB_URI_INVALID', `${uri} is not under s3://${this.#bucket}/${this.#prefix}`, {
        retriable: false,
      });
    }
    return uri.slice(`s3://${this.#bucket}/`.length);
  }
}

/** A failed read or HEAD as a StageError: a missing object is permanent, anything else transient. */
function readError(uri: string, err: unknown): StageError {
  if (isNotFound(err))
    return new StageError('BLOB_NOT_FOUND', `no blob at ${uri}`, { retriable: false, cause: err });
  return unavailable(`cannot read ${uri}`, err);
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

function unavailable(message: string, err: unknown): StageError {
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  // 4xx other than throttling means a configuration fault (bad credentials, missing bucket): still "unavailable"
  // to the record, which is retried and dead-lettered once the limit is reached.
  return new StageError(
    'BLOB_UNAVAILABLE',
    `${message}: ${(err as Error).message}${status ? ` (HTTP ${status})` : ''}`,
    {
      retriable: true,
      cause: err,
    },
  );
}
