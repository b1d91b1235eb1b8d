/**
 * The ingestion service (run it with `pnpm --filter @shelfstream/ingestion start`). Exported here: what other
 * packages and tests use, namely device-key helpers for `shelfctl devices`, request signing for clients, and the
 * reason-code registry.
 *
 * @example
 * import { generateApiKey, parseSecretKey, registerDevice, signingSecretOf, signRequest } from '@shelfstream/ingestion';
 * const secretKey = parseSecretKey(process.env.INGEST_DEVICE_SECRET_KEY ?? '');   // undefined when malformed
 * const key = generateApiKey();
 * await registerDevice(pool, secretKey, { deviceId: 'cam-1', storeId: 'store-1', apiKey: key });
 * // on the device: sign with the secret derived from the key
 * const header = signRequest(signingSecretOf(key), body, Date.now());
 */
export { ingestionConfig } from './config.js';
export { type Device, registerDevice, resealSigningSecrets, revokeDevice } from './device-registry.js';
export { DEVICE_HEADER } from './gateway/authenticate.js';
export { httpStatusOf, type IngestionReasonCode, IngestionReasons } from './reasons.js';
export { generateApiKey, hashApiKey, signingSecretOf } from './transform/api-key.js';
export { SIGNATURE_HEADER, signRequest, verifySignature } from './transform/hmac-signature.js';
export { parseSecretKey, type SecretKey } from './transform/secret-box.js';
