import type { DetectionsProduced, VersionDrift } from '@shelfstream/contracts';

/** The VersionDrift record that holds a capture whose planogram version is not the active one. */
export function toVersionDrift(
  record: DetectionsProduced,
  activeVersion: number | null,
  heldAt: number,
): VersionDrift {
  return {
    capture_id: record.capture_id,
    store_id: record.store_id,
    aisle: record.aisle,
    fixture_type: record.fixture_type,
    captured_at: record.captured_at,
    device_id: record.device_id,
    planogram_version: record.planogram_version,
    active_version: activeVersion === null ? null : String(activeVersion),
    detections: record,
    held_at: heldAt,
  };
}
