import { type CaptureSubmitted, idempotencyKey } from '@shelfstream/contracts';

/** What varies between the edge captures of a test. */
export interface EdgeCaptureOptions {
  readonly capturedAt: number;
  readonly deviceId: string;
  /** @default {} */
  readonly attributes?: Record<string, string>;
  /** @default capturedAt */
  readonly submittedAt?: number;
}

/**
 * A valid CaptureSubmitted from an edge device of store-001, aisle A01, keyed by its idempotency key, naming a blob
 * `s3://shelfstream/sha256/<i>` that no stage reads (the tests using it stop before the image matters).
 */
export function edgeCapture(i: number, options: EdgeCaptureOptions): CaptureSubmitted {
  const ids = {
    storeId: 'store-001',
    aisle: 'A01',
    deviceId: options.deviceId,
    capturedAt: options.capturedAt,
  };
  return {
    capture_id: idempotencyKey(ids),
    store_id: ids.storeId,
    aisle: ids.aisle,
    fixture_type: 'GONDOLA',
    captured_at: ids.capturedAt,
    device_id: ids.deviceId,
    planogram_version: 'v1',
    image_bytes: null,
    image_uri: `s3://shelfstream/sha256/${i}`,
    content_type: 'image/jpeg',
    source: 'EDGE_DEVICE',
    submitted_at: options.submittedAt ?? ids.capturedAt,
    attributes: options.attributes ?? {},
  } as CaptureSubmitted;
}
