import { createHash } from 'node:crypto';

/** The content address of bytes: lowercase hex sha256, and the blob key `sha256/<hex>`. */
export function contentAddress(bytes: Buffer): { sha256: string; key: string } {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { sha256, key: `sha256/${sha256}` };
}
