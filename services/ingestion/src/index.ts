/**
 * The ingestion service (run it with `pnpm --filter @shelfstream/ingestion start`). Exported here: what other
 * packages and tests use, namely request signing for clients and the reason-code registry. Device keys, their
 * signing secrets and the device table are in `@shelfstream/db` (used by the gateway and by `shelfctl devices`).
 *
 * @example
 * import { signingSecretOf } from '@shelfstream/db';
 * import { signRequest } from '@shelfstream/ingestion';
 * // on the device: sign with the secret derived from the key
 * const header = signRequest(signingSecretOf(key), body, Date.now());
 */
export { ingestionConfig } from './config.js';
export { DEVICE_HEADER } from './gateway/authenticate.js';
export { httpStatusOf, type IngestionReason, IngestionReasons } from './reasons.js';
export { SIGNATURE_HEADER, signRequest, verifySignature } from './transform/hmac-signature.js';
