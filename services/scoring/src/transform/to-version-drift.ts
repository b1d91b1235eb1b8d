import type { DetectionsProduced, VersionDrift } from '@shelfstream/contracts';
import { captureIdentity } from './capture-identity.js';

/** The VersionDrift record that holds a capture whose planogram version is not the active one. */
export function toVersionDrift(
  record: DetectionsProduced,
  activeVersion: number | null,
  heldAt: number,
): VersionDrift {
  return {
    ...captureIdentity(record),
    active_version: activeVersion === null ? null : String(activeVersion),
    detections: record,
    held_at: heldAt,
  };
}
