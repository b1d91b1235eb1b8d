import type {
  CaptureAccepted,
  CaptureUnscorable,
  ComplianceScored,
  DeadLetter,
  DetectionsProduced,
  ImagePrepared,
  VersionDrift,
} from '@shelfstream/contracts';
import type { CaptureEvent } from '@shelfstream/db';

/** The stage topics the state tracker reads, by what their records mean for a capture. */
export type TrackedTopicKind =
  | 'validated'
  | 'prepared'
  | 'detections'
  | 'drift'
  | 'unscorable'
  | 'compliance'
  | 'deadLetter';

/** A decoded record of one of the tracked topics. */
export type TrackedRecord =
  | { readonly kind: 'validated'; readonly value: CaptureAccepted }
  | { readonly kind: 'prepared'; readonly value: ImagePrepared }
  | { readonly kind: 'detections'; readonly value: DetectionsProduced }
  | { readonly kind: 'drift'; readonly value: VersionDrift }
  | { readonly kind: 'unscorable'; readonly value: CaptureUnscorable }
  | { readonly kind: 'compliance'; readonly value: ComplianceScored }
  | { readonly kind: 'deadLetter'; readonly value: DeadLetter };

type TrackedValue<K extends TrackedTopicKind> = Extract<TrackedRecord, { kind: K }>['value'];

/** The tracked topics whose records always name their capture and its identity. */
type StageKind = Exclude<TrackedTopicKind, 'deadLetter'>;

type StageFields = Pick<CaptureEvent, 'state' | 'occurredAt' | 'detail' | 'tier' | 'blobUris'>;

/** Per topic, what its records add to the capture's identity fields. */
const stageFields: { readonly [K in StageKind]: (v: TrackedValue<K>) => StageFields } = {
  validated: (v) => ({
    state: 'INGESTED',
    occurredAt: v.accepted_at,
    detail: v.source,
    blobUris: [v.blob_uri],
  }),
  prepared: (v) => ({
    state: 'PREPROCESSED',
    occurredAt: v.prepared_at,
    detail: v.quality,
    blobUris: [v.original_blob_uri, v.blob_uri],
  }),
  detections: (v) => ({
    state: 'INFERRED',
    occurredAt: v.produced_at,
    detail: v.tier,
    tier: v.tier,
    blobUris: [v.blob_uri],
  }),
  drift: (v) => ({
    state: 'VERSION_DRIFT',
    occurredAt: v.held_at,
    detail: `planogram ${v.planogram_version}, active ${v.active_version ?? 'none'}`,
  }),
  unscorable: (v) => ({
    state: 'UNSCORABLE',
    occurredAt: v.decided_at,
    detail: v.reason_code,
    blobUris: [v.blob_uri],
  }),
  compliance: (v) => ({
    state: 'SCORED',
    occurredAt: v.scored_at,
    detail: `score ${v.score.toFixed(1)}${v.partial ? ' (partial)' : ''}${
      v.supersedes
        ? `, re-scored by ${v.tier}: supersedes ${v.supersedes.tier} ${v.supersedes.score.toFixed(1)}`
        : ''
    }`,
  }),
};

/**
 * What a stage record says about its capture, or `null` when it names no capture (a DLQ record whose capture id
 * could not be read).
 */
export function toCaptureEvent(record: TrackedRecord): CaptureEvent | null {
  if (record.kind === 'deadLetter') return deadLetterEvent(record.value);
  return stageEvent(record.kind, record.value);
}

function stageEvent<K extends StageKind>(kind: K, v: TrackedValue<K>): CaptureEvent {
  return {
    captureId: v.capture_id,
    ...stageFields[kind](v),
    storeId: v.store_id,
    aisle: v.aisle,
    deviceId: v.device_id,
    capturedAt: v.captured_at,
  };
}

// A dead letter carries only the capture id (possibly unreadable), none of the store/aisle/device identity.
function deadLetterEvent(v: DeadLetter): CaptureEvent | null {
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
