import { createHash, randomBytes } from 'node:crypto';

/** A new device API key: 32 random bytes, base64url, prefixed so that leaked keys are easy to grep for. */
export function generateApiKey(): string {
  return `ssk_${randomBytes(32).toString('base64url')}`;
}

/**
 * The stored form of an API key: hex SHA-256. A random 32-byte key needs no slow hash (there is nothing to
 * brute-force), and a plain digest allows an indexed lookup. It is also the device's HMAC signing secret.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
