/**
 * The ingestion service (run it with `pnpm --filter @shelfstream/ingestion start`). Exported here: what other
 * packages and tests use, namely device-key helpers for `shelfctl devices`, request signing for clients, and the
 * reason-code registry.
 *
 * @example
 * import { generateApiKey, hashApiKey, registerDevice } from '@shelfstream/ingestion';
 * const key = generateApiKey();
 * await registerDevice(pool, { deviceId: 'cam-1', storeId: 'store-1', keyHash: hashApiKey(key) });
 */
export { ingestionConfig } from './config.js';
export { type Device, registerDevice, revokeDevice } from './device-registry.js';
export { DEVICE_HEADER } from './gateway/authenticate.js';
export { httpStatusOf, type IngestionReasonCode, IngestionReasons } from './reasons.js';
export { generateApiKey, hashApiKey } from './transform/api-key.js';
export { SIGNATURE_HEADER, signRequest, verifySignature } from './transform/hmac-signature.js';
