import { createHash } from 'node:crypto';
import { StageError } from '@shelfstream/errors';

/** The content address of bytes: lowercase hex sha256, and the blob key `sha256/<hex>`. */
export function contentAddress(bytes: Buffer): { sha256: string; key: string } {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { sha256, key: `sha256/${sha256}` };
}

const CONTENT_ADDRESSED = /(?:^|\/)sha256\/([0-9a-f]{64})$/;

/** The sha256 a blob URI names by its content address (`.../sha256/<hex>`), or undefined for any other URI. */
export function contentAddressOf(uri: string): string | undefined {
  return CONTENT_ADDRESSED.exec(uri)?.[1];
}

/** The sha256 of a content-addressed URI; BLOB_URI_INVALID for any other. */
export function requireContentAddress(uri: string): string {
  const sha256 = contentAddressOf(uri);
  if (sha256 === undefined)
    throw new StageError('BLOB_URI_INVALID', `${uri} is not a content address (sha256/<hex>)`, {
      retriable: false,
    });
  return sha256;
}
