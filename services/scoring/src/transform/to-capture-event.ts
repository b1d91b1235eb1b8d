import type {
  CaptureAccepted,
  ComplianceScored,
  DeadLetter,
  DetectionsProduced,
  ImagePrepared,
  VersionDrift,
} from '@shelfstream/contracts';
import type { CaptureEvent } from './capture-state.js';

/** The stage topics the state tracker reads, by what their records mean for a capture. */
export type TrackedTopicKind =
  | 'validated'
  | 'prepared'
  | 'detections'
  | 'drift'
  | 'compliance'
  | 'deadLetter';

/** A decoded record of one of the tracked topics. */
export type TrackedRecord =
  | { readonly kind: 'validated'; readonly value: CaptureAccepted }
  | { readonly kind: 'prepared'; readonly value: ImagePrepared }
  | { readonly kind: 'detections'; readonly value: DetectionsProduced }
  | { readonly kind: 'drift'; readonly value: VersionDrift }
  | { readonly kind: 'compliance'; readonly value: ComplianceScored }
  | { readonly kind: 'deadLetter'; readonly value: DeadLetter };

/**
 * What a stage record says about its capture, or `null` when it names no capture (a DLQ record whose capture id
 * could not be read).
 */
export function toCaptureEvent(record: TrackedRecord): CaptureEvent | null {
  switch (record.kind) {
    case 'validated': {
      const v = record.value;
      return {
        captureId: v.capture_id,
        state: 'INGESTED',
        occurredAt: v.accepted_at,
        detail: v.source,
        ...facts(v),
        blobUris: [v.blob_uri],
      };
    }
    case 'prepared': {
      const v = record.value;
      return {
        captureId: v.capture_id,
        state: 'PREPROCESSED',
        occurredAt: v.prepared_at,
        detail: v.quality,
        ...facts(v),
        blobUris: [v.original_blob_uri, v.blob_uri],
      };
    }
    case 'detections': {
      const v = record.value;
      return {
        captureId: v.capture_id,
        state: 'INFERRED',
        occurredAt: v.produced_at,
        detail: v.tier,
        tier: v.tier,
        ...facts(v),
        blobUris: [v.blob_uri],
      };
    }
    case 'drift': {
      const v = record.value;
      return {
        captureId: v.capture_id,
        state: 'VERSION_DRIFT',
        occurredAt: v.held_at,
        detail: `planogram ${v.planogram_version}, active ${v.active_version ?? 'none'}`,
        ...facts(v),
      };
    }
    case 'compliance': {
      const v = record.value;
      return {
        captureId: v.capture_id,
        state: 'SCORED',
        occurredAt: v.scored_at,
        detail: `score ${v.score.toFixed(1)}${v.partial ? ' (partial)' : ''}`,
        ...facts(v),
      };
    }
    case 'deadLetter': {
      const v = record.value;
      if (v.capture_id === null) return null;
      return {
        captureId: v.capture_id,
        state: 'DEAD_LETTERED',
        occurredAt: v.dead_lettered_at,
        detail: v.reason_code,
        deadLetterStage: v.stage,
        ...(v.blob_uri ? { blobUris: [v.blob_uri] } : {}),
      };
    }
  }
}

function facts(v: { store_id: string; aisle: string; device_id: string; captured_at: number }) {
  return { storeId: v.store_id, aisle: v.aisle, deviceId: v.device_id, capturedAt: v.captured_at };
}
