import { defineConfig, envList } from '@shelfstream/config';
import { z } from 'zod';
import { parseSecretKey, type SecretKey } from './secret-box.js';

/**
 * The keys that seal device signing secrets at rest: read by the ingestion service (its gateway opens them) and by
 * `shelfctl devices` (it seals and reseals them), so both validate the same variables with the same messages.
 */
export const deviceSecretConfig = defineConfig({
  deviceSecretKey: {
    env: 'INGEST_DEVICE_SECRET_KEY',
    schema: secretKeySchema('is required'),
    doc: 'key that encrypts device signing secrets at rest (32 bytes: 64 hex digits or base64; `openssl rand -hex 32`); shelfctl devices needs the same value',
  },
  previousDeviceSecretKeys: {
    env: 'INGEST_DEVICE_SECRET_KEY_PREVIOUS',
    schema: envList()
      .pipe(z.array(secretKeySchema('must be set')))
      .optional(),
    doc: 'earlier INGEST_DEVICE_SECRET_KEY values, comma-separated, still accepted to decrypt while `shelfctl devices reseal` rotates them out',
  },
});

/**
 * A 32-byte AES key from its text (hex or base64). The message names the format, never the value (the config loader
 * redacts secret-named variables too).
 */
function secretKeySchema(missing: string) {
  return z
    .string({
      error: `${missing}: a 32-byte key, 64 hex digits or base64 (generate one: openssl rand -hex 32)`,
    })
    .transform((text, ctx): SecretKey => {
      const key = parseSecretKey(text);
      if (key) return key;
      ctx.addIssue({
        code: 'custom',
        message: 'must be a 32-byte key: 64 hex digits or base64 (openssl rand -hex 32)',
      });
      return z.NEVER;
    });
}
