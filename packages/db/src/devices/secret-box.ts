import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Bytes of a {@link SecretKey}: AES-256. */
export const SECRET_KEY_BYTES = 32;

/** A parsed key-encryption key (AES-256-GCM) and its short id, stored with every sealed value. */
export interface SecretKey {
  readonly bytes: Buffer;
  /** First 8 hex digits of SHA-256(key): tells which key sealed a value (rotation), reveals nothing of the key. */
  readonly id: string;
}

/**
 * Reads a 32-byte key written as 64 hex digits or as base64 / base64url (`openssl rand -hex 32`,
 * `openssl rand -base64 32`). Returns undefined for anything else, so the caller names its own variable.
 */
export function parseSecretKey(text: string): SecretKey | undefined {
  const trimmed = text.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) bytes = Buffer.from(trimmed, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) bytes = Buffer.from(trimmed, 'base64');
  if (bytes?.length !== SECRET_KEY_BYTES) return undefined;
  return { bytes, id: createHash('sha256').update(bytes).digest('hex').slice(0, 8) };
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts `plaintext` at rest: AES-256-GCM with a random 96-bit IV, bound to `context` (authenticated, not stored:
 * e.g. the device id, so a sealed value copied onto another row does not open). The result is
 * `v1.<key id>.<iv>.<ciphertext>.<tag>`, base64url parts.
 */
export function sealSecret(key: SecretKey, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.bytes, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, key.id, iv, ciphertext, cipher.getAuthTag()]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/**
 * Decrypts a value of {@link sealSecret} with whichever of `keys` sealed it (the current key, then previous keys
 * during a rotation). Returns undefined when no key fits, the value was altered, or `context` differs.
 */
export function openSecret(keys: readonly SecretKey[], sealed: string, context: string): string | undefined {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) return undefined;
  const [, keyId, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  const key = keys.find((k) => k.id === keyId);
  if (!key) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}

/** The id of the key that sealed `sealed`, or undefined when it is not a sealed value. */
export function sealedKeyId(sealed: string): string | undefined {
  const parts = sealed.split('.');
  return parts.length === 5 && parts[0] === VERSION ? parts[1] : undefined;
}
