import type { DetectionsProduced } from '@shelfstream/contracts';

/** The capture identity fields that scoring's output records copy from the detections they answer. */
export type CaptureIdentity = Pick<
  DetectionsProduced,
  'capture_id' | 'store_id' | 'aisle' | 'fixture_type' | 'captured_at' | 'device_id' | 'planogram_version'
>;

/** Copies {@link CaptureIdentity} from a DetectionsProduced (and nothing else of it). */
export function captureIdentity(record: DetectionsProduced): CaptureIdentity {
  return {
    capture_id: record.capture_id,
    store_id: record.store_id,
    aisle: record.aisle,
    fixture_type: record.fixture_type,
    captured_at: record.captured_at,
    device_id: record.device_id,
    planogram_version: record.planogram_version,
  };
}
