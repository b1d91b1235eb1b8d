import { createHash, createHmac, randomBytes } from 'node:crypto';

/** A new device API key: 32 random bytes, base64url, prefixed so that leaked keys are easy to grep for. */
export function generateApiKey(): string {
  return `ssk_${randomBytes(32).toString('base64url')}`;
}

/**
 * The stored form of an API key for the bearer check: hex SHA-256. A random 32-byte key needs no slow hash (there is
 * nothing to brute-force), and a plain digest allows an indexed lookup. It is NOT the HMAC secret: a copy of the
 * devices table must not let anyone sign for a device (issue 12); see {@link signingSecretOf}.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

const SIGNING_LABEL = 'shelfstream/device-signing-secret/v1';

/**
 * A device's HMAC signing secret, derived from its API key (hex HMAC-SHA256(key, label)): the device needs to hold
 * only its key, and the secret is independent of {@link hashApiKey} (knowing the hash gives no way to it). The server
 * stores it encrypted at rest (`INGEST_DEVICE_SECRET_KEY`), never in the clear.
 */
export function signingSecretOf(key: string): string {
  return createHmac('sha256', key).update(SIGNING_LABEL, 'utf8').digest('hex');
}
