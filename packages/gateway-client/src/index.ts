/**
 * The one HTTP client of the ingestion gateway (`POST /v1/captures`), used by `shelfctl submit` and the device
 * simulator: one request/auth path, one retry rule (network errors, 429 and 502/503/504, Retry-After honoured;
 * never another 4xx or a 500), and the gateway's answers as outcomes: 202 accepted, 200 duplicate.
 *
 * @example
 * import { uploadCapture } from '@shelfstream/gateway-client';
 * const result = await uploadCapture(
 *   { fileName: 'shelf.jpg', contentType: 'image/jpeg', bytes, fields: { store_id: 'store-1', ... } },
 *   { gatewayUrl: 'http://127.0.0.1:8080', apiKey },
 * );
 * if (!result.ok) console.error(result.status, result.detail);
 */
export { GatewayRejectedError } from './gateway-rejected-error.js';
export { retryAfterMs } from './retry-after.js';
export { type FailedAttempt, RETRIABLE_STATUSES, type RetryPolicy, retryWaitMs } from './retry-rule.js';
export {
  CAPTURES_PATH,
  type CaptureUpload,
  GATEWAY_AUTH_HEADER,
  type GatewayClientOptions,
  IMAGE_FIELD,
  type UploadOutcome,
  type UploadResult,
  uploadCapture,
} from './upload-capture.js';
