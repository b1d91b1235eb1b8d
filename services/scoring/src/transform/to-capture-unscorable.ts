import type { CaptureUnscorable, DetectionsProduced, RecaptureRequested } from '@shelfstream/contracts';
import { captureIdentity } from './capture-identity.js';
import type { Scorability } from './judge-scorability.js';

type Unscorable = Extract<Scorability, { kind: 'unscorable' }>;

/** The CaptureUnscorable record of a photo the scorer found no shelf to score in. */
export function toCaptureUnscorable(
  record: DetectionsProduced,
  verdict: Unscorable,
  decidedAt: number,
): CaptureUnscorable {
  return {
    ...captureIdentity(record),
    blob_uri: record.blob_uri,
    tier: record.tier,
    model_id: record.model_id,
    model_version: record.model_version,
    quality: record.quality,
    reason_code: verdict.code,
    shelf_lines_found: record.shelf_lines_found ?? 0,
    detections_found: verdict.detectionsFound,
    min_detections: verdict.minDetections,
    decided_at: decidedAt,
  };
}

/**
 * The request to photograph the shelf again. A DEGRADED capture already got one from preprocessing (with its quality
 * codes); this one names the scoring code, so a store app can tell "blurry" from "no shelf in the photo".
 */
export function toUnscorableRecapture(decision: CaptureUnscorable): RecaptureRequested {
  return {
    store_id: decision.store_id,
    aisle: decision.aisle,
    fixture_type: decision.fixture_type,
    device_id: decision.device_id,
    capture_id: decision.capture_id,
    captured_at: decision.captured_at,
    reasons: [decision.reason_code],
    requested_at: decision.decided_at,
  };
}
