import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { StageError } from '@shelfstream/errors';
import type { BlobInfo, BlobStore } from './blob-store.js';
import { contentAddress, requireContentAddress } from './content-address.js';

/** A blob store in a local folder (`file://` URIs): the embedded default for development and single-node runs. */
export class FsBlobStore implements BlobStore {
  readonly #root: string;

  /** @param root - the folder blobs live under (created on first write). */
  constructor(root: string) {
    this.#root = resolve(root);
  }

  async put(bytes: Buffer, _contentType: string): Promise<BlobInfo> {
    const { sha256, key } = contentAddress(bytes);
    const path = join(this.#root, key);
    const info = { uri: pathToFileURL(path).href, sha256, byteSize: bytes.length };
    try {
      if ((await stat(path).catch(() => undefined))?.size === bytes.length) return info;
      await mkdir(dirname(path), { recursive: true });
      // Write then rename: a reader never sees a half-written blob, and concurrent writers of the same content agree.
      const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temp, bytes);
      await rename(temp, path);
      return info;
    } catch (err) {
      throw new StageError('BLOB_UNAVAILABLE', `cannot write ${key}: ${(err as Error).message}`, {
        retriable: true,
        cause: err,
      });
    }
  }

  async get(uri: string): Promise<Buffer> {
    const path = this.#pathOf(uri);
    try {
      return await readFile(path);
    } catch (err) {
      throw readError(uri, err);
    }
  }

  async describe(uri: string): Promise<BlobInfo> {
    const path = this.#pathOf(uri);
    const sha256 = requireContentAddress(uri);
    try {
      const found = await stat(path);
      if (!found.isFile()) throw Object.assign(new Error(`${path} is not a file`), { code: 'EISDIR' });
      return { uri, sha256, byteSize: found.size };
    } catch (err) {
      throw readError(uri, err);
    }
  }

  async delete(uri: string): Promise<void> {
    await rm(this.#pathOf(uri), { force: true });
  }

  owns(uri: string): boolean {
    const path = pathOfFileUri(uri);
    return path?.startsWith(this.#root + sep) === true;
  }

  #pathOf(uri: string): string {
    const path = pathOfFileUri(uri);
    if (path === undefined || !path.startsWith(this.#root + sep)) {
      throw new StageError('BLOB_URI_INVALID', `${uri} is not under ${this.#root}`, { retriable: false });
    }
    return path;
  }
}

/**
 * The absolute path of a local `file:` URI, or undefined for anything else: another scheme, an unparsable URI, or a
 * `file://host/x` naming another machine (on which `fileURLToPath` throws a raw TypeError; issue 12).
 */
function pathOfFileUri(uri: string): string | undefined {
  if (!uri.startsWith('file://') || !URL.canParse(uri)) return undefined;
  const url = new URL(uri);
  if (url.hostname !== '' && url.hostname !== 'localhost') return undefined;
  try {
    return resolve(fileURLToPath(url));
  } catch {
    // e.g. an encoded '/' (%2F) in the path
    return undefined;
  }
}

/** A failed read or stat as a StageError: a missing file, a directory or a path through a file is permanent. */
function readError(uri: string, err: unknown): StageError {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') {
    return new StageError('BLOB_NOT_FOUND', `no blob at ${uri}`, { retriable: false, cause: err });
  }
  return new StageError('BLOB_UNAVAILABLE', `cannot read ${uri}: ${(err as Error).message}`, {
    retriable: true,
    cause: err,
  });
}
