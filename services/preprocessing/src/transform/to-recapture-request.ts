import type { ImagePrepared, RecaptureRequested } from '@shelfstream/contracts';

/** The request to a store to photograph a degraded capture's shelf again. */
export function toRecaptureRequest(prepared: ImagePrepared, requestedAt: number): RecaptureRequested {
  return {
    store_id: prepared.store_id,
    aisle: prepared.aisle,
    fixture_type: prepared.fixture_type,
    device_id: prepared.device_id,
    capture_id: prepared.capture_id,
    captured_at: prepared.captured_at,
    reasons: [...prepared.degraded_reasons],
    requested_at: requestedAt,
  };
}
