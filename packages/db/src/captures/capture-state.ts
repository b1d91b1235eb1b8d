/**
 * Capture states in the order a capture moves through them. A state only moves to a later one; DEAD_LETTERED sits
 * before SCORED so that a dead-lettered capture replayed from the DLQ can still be scored, and a late DLQ record of an
 * earlier attempt never undoes a score. UNSCORABLE (the photo shows no shelf to score) is terminal like SCORED and
 * sits after DEAD_LETTERED for the same reason.
 */
export const CaptureStates = [
  'INGESTED',
  'PREPROCESSED',
  'INFERRED',
  'VERSION_DRIFT',
  'DEAD_LETTERED',
  'UNSCORABLE',
  'SCORED',
  'ARCHIVED',
] as const;

/** One of {@link CaptureStates}. */
export type CaptureState = (typeof CaptureStates)[number];

/**
 * Ranks as stored in `captures.state_rank`. Written out, not derived from the list's order: a state added between two
 * others takes a rank between theirs, so rows written before it keep comparable ranks without a data migration.
 */
const STATE_RANKS: Record<CaptureState, number> = {
  INGESTED: 10,
  PREPROCESSED: 20,
  INFERRED: 30,
  VERSION_DRIFT: 40,
  DEAD_LETTERED: 50,
  UNSCORABLE: 55,
  SCORED: 60,
  ARCHIVED: 70,
};

/** The rank of a state: later states rank higher. */
export function stateRank(state: CaptureState): number {
  return STATE_RANKS[state];
}

/** The per-stage timestamp column each state sets. */
export const StateTimestamps = {
  INGESTED: 'ingestedAt',
  PREPROCESSED: 'preprocessedAt',
  INFERRED: 'inferredAt',
  VERSION_DRIFT: 'driftedAt',
  DEAD_LETTERED: 'deadLetteredAt',
  UNSCORABLE: 'unscorableAt',
  SCORED: 'scoredAt',
  ARCHIVED: 'archivedAt',
} as const satisfies Record<CaptureState, string>;

/** Per-stage timestamps (UTC epoch ms), null until the stage's event arrives. */
export type StageTimestamps = { readonly [K in (typeof StateTimestamps)[CaptureState]]: number | null };

/** One stage event about a capture, as the state tracker reads it from a topic. */
export interface CaptureEvent {
  readonly captureId: string;
  readonly state: CaptureState;
  /** When the stage produced the event (the record's own timestamp field). */
  readonly occurredAt: number;
  /** Inference tier (INFERRED), reason code (DEAD_LETTERED) and similar, for history. */
  readonly detail: string | null;
  readonly tier?: string | null;
  readonly deadLetterStage?: string | null;
  readonly storeId?: string | null;
  readonly aisle?: string | null;
  readonly deviceId?: string | null;
  readonly capturedAt?: number | null;
  readonly blobUris?: readonly string[];
}

/** A capture's tracked state. */
export interface CaptureSnapshot {
  readonly captureId: string;
  readonly state: CaptureState;
  readonly tier: string | null;
  readonly deadLetterReason: string | null;
  readonly deadLetterStage: string | null;
  readonly storeId: string | null;
  readonly aisle: string | null;
  readonly deviceId: string | null;
  readonly capturedAt: number | null;
  readonly blobUris: readonly string[];
  readonly timestamps: StageTimestamps;
}

/** Result of {@link applyCaptureEvent}: the new snapshot and whether the event moved the state forward. */
export interface AppliedEvent {
  readonly next: CaptureSnapshot;
  readonly applied: boolean;
}

const EMPTY_TIMESTAMPS: StageTimestamps = {
  ingestedAt: null,
  preprocessedAt: null,
  inferredAt: null,
  driftedAt: null,
  deadLetteredAt: null,
  unscorableAt: null,
  scoredAt: null,
  archivedAt: null,
};

/**
 * Applies one event to a capture's state: the state moves only forward (a late, older event is ignored for the
 * state but still fills its stage timestamp and the capture's facts), the tier and dead-letter reason follow the state,
 * each stage timestamp keeps its earliest value, and blob URIs accumulate. Pure; applying the same event twice gives
 * the same snapshot.
 */
export function applyCaptureEvent(current: CaptureSnapshot | null, event: CaptureEvent): AppliedEvent {
  const base: CaptureSnapshot = current ?? {
    captureId: event.captureId,
    state: event.state,
    tier: null,
    deadLetterReason: null,
    deadLetterStage: null,
    storeId: null,
    aisle: null,
    deviceId: null,
    capturedAt: null,
    blobUris: [],
    timestamps: EMPTY_TIMESTAMPS,
  };
  const forward = current === null || stateRank(event.state) > stateRank(current.state);
  const column = StateTimestamps[event.state];
  const previous = base.timestamps[column];
  const timestamps = {
    ...base.timestamps,
    [column]: previous === null ? event.occurredAt : Math.min(previous, event.occurredAt),
  };
  const blobUris = [...base.blobUris];
  for (const uri of event.blobUris ?? []) if (!blobUris.includes(uri)) blobUris.push(uri);
  const next: CaptureSnapshot = {
    captureId: base.captureId,
    state: forward ? event.state : base.state,
    tier: event.state === 'INFERRED' && (forward || base.tier === null) ? (event.tier ?? null) : base.tier,
    deadLetterReason: forward && event.state === 'DEAD_LETTERED' ? event.detail : base.deadLetterReason,
    deadLetterStage:
      forward && event.state === 'DEAD_LETTERED' ? (event.deadLetterStage ?? null) : base.deadLetterStage,
    storeId: base.storeId ?? event.storeId ?? null,
    aisle: base.aisle ?? event.aisle ?? null,
    deviceId: base.deviceId ?? event.deviceId ?? null,
    capturedAt: base.capturedAt ?? event.capturedAt ?? null,
    blobUris,
    timestamps,
  };
  return { next, applied: forward };
}
