import { defineReasons } from '@shelfstream/errors';

/**
 * Reason codes of the ingestion stage: the DLQ's `reason_code` for records from Kafka and the `code` of a `4xx`/`5xx`
 * body on the HTTP gateway. Never rename or reuse a code. `httpStatus` is what the gateway answers.
 */
export const IngestionReasons = defineReasons({
  INGEST_METADATA_MISSING: {
    retriable: false,
    description:
      'a required field (store_id, aisle, fixture_type, captured_at, device_id, planogram_version) is missing or blank',
  },
  INGEST_FIXTURE_UNKNOWN: { retriable: false, description: 'fixture_type is not GONDOLA, ENDCAP or FREEZER' },
  INGEST_CAPTURED_IN_FUTURE: {
    retriable: false,
    description: 'captured_at is later than now plus the allowed clock skew',
  },
  INGEST_CAPTURED_TOO_OLD: {
    retriable: false,
    description: 'captured_at is older than the maximum capture age',
  },
  INGEST_KEY_MISMATCH: {
    retriable: false,
    description: 'capture_id or the record key differs from the idempotency key recomputed from the metadata',
  },
  INGEST_IMAGE_MISSING: { retriable: false, description: 'neither image_bytes nor image_uri is given' },
  INGEST_IMAGE_AMBIGUOUS: { retriable: false, description: 'both image_bytes and image_uri are given' },
  INGEST_IMAGE_EMPTY: { retriable: false, description: 'the image has zero bytes' },
  INGEST_IMAGE_TOO_LARGE: {
    retriable: false,
    description: 'the image (or the request body) is over the byte limit',
  },
  INGEST_IMAGE_UNSUPPORTED_TYPE: {
    retriable: false,
    description:
      'the magic bytes are not JPEG, PNG or WebP (HEIC is refused: the bundled sharp cannot decode it)',
  },
  INGEST_IMAGE_TRUNCATED: { retriable: false, description: 'the image file ends before its end marker' },
  INGEST_IMAGE_DIMENSIONS_DEGENERATE: {
    retriable: false,
    description:
      'a side under INGEST_MIN_IMAGE_SIDE pixels, or the long side over INGEST_MAX_ASPECT_RATIO times the short one: not a shelf photo',
  },
  INGEST_IMAGE_DIMENSIONS_INVALID: {
    retriable: false,
    description:
      'declared width/height are zero, unreadable or over the pixel limit (decompression bomb guard)',
  },
  INGEST_CONTENT_TYPE_MISMATCH: {
    retriable: false,
    description: 'the declared content type differs from the type detected by magic bytes',
  },
  INGEST_URI_INVALID: { retriable: false, description: 'image_uri is not a parsable absolute URI' },
  INGEST_URI_SCHEME_NOT_ALLOWED: {
    retriable: false,
    description: 'image_uri scheme is not in the allowlist',
  },
  INGEST_URI_HOST_NOT_ALLOWED: {
    retriable: false,
    description: 'image_uri host (or s3 bucket) is not in the allowlist',
  },
  INGEST_URI_PRIVATE_ADDRESS: {
    retriable: false,
    description: 'image_uri resolves to a loopback, private, link-local or metadata address (SSRF guard)',
  },
  INGEST_URI_PATH_TRAVERSAL: {
    retriable: false,
    description: 'a file:// image_uri points outside the allowed root',
  },
  INGEST_URI_NOT_FOUND: {
    retriable: false,
    description: 'nothing at image_uri (404, missing file or object)',
  },
  INGEST_URI_FETCH_FAILED: {
    retriable: true,
    description: 'fetching image_uri failed (network, timeout, 5xx)',
  },
  INGEST_BODY_INVALID: {
    retriable: false,
    description: 'the HTTP request body is malformed (not multipart/JSON, bad field)',
  },
  INGEST_AUTH_MISSING: {
    retriable: false,
    description: 'no API key and no signature on the request (HTTP 401)',
  },
  INGEST_AUTH_INVALID: {
    retriable: false,
    description: 'unknown or revoked API key, bad or expired signature (HTTP 401)',
  },
  INGEST_AUTH_WRONG_STORE: {
    retriable: false,
    description: "the device's key does not belong to the capture's store or device (HTTP 403)",
  },
  INGEST_RATE_LIMITED: {
    retriable: true,
    description: "the store's request rate is over its limit (HTTP 429)",
  },
  INGEST_OVERLOADED: {
    retriable: true,
    description:
      'the SLA breaker is open: the mesh is behind, the gateway sheds load (HTTP 429 + Retry-After)',
  },
  INGEST_DB_UNAVAILABLE: { retriable: true, description: 'PostgreSQL (dedup, device keys) did not answer' },
  INGEST_PUBLISH_FAILED: {
    retriable: true,
    description: 'the gateway could not produce to the raw topic (HTTP 503)',
  },
  INGEST_UNEXPECTED_ERROR: {
    retriable: false,
    description:
      'an error without a reason code (a bug, a fetch timeout DOMException, an EISDIR); dead-letters that record only',
  },
});

/** One of {@link IngestionReasons}. */
export type IngestionReason = keyof typeof IngestionReasons;

/** The HTTP status the gateway answers for a reason. */
export function httpStatusOf(code: IngestionReason): number {
  switch (code) {
    case 'INGEST_AUTH_MISSING':
    case 'INGEST_AUTH_INVALID':
      return 401;
    case 'INGEST_AUTH_WRONG_STORE':
      return 403;
    case 'INGEST_IMAGE_TOO_LARGE':
      return 413;
    case 'INGEST_IMAGE_UNSUPPORTED_TYPE':
    case 'INGEST_CONTENT_TYPE_MISMATCH':
      return 415;
    case 'INGEST_RATE_LIMITED':
    case 'INGEST_OVERLOADED':
      return 429;
    case 'INGEST_DB_UNAVAILABLE':
    case 'INGEST_PUBLISH_FAILED':
    case 'INGEST_URI_FETCH_FAILED':
      return 503;
    case 'INGEST_URI_NOT_FOUND':
      return 422;
    case 'INGEST_UNEXPECTED_ERROR':
      return 500;
    default:
      return IngestionReasons[code].retriable ? 503 : 400;
  }
}
