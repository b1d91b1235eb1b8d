import type { Queryable } from '../queryable.js';
import { type CaptureSnapshot, type CaptureState, stateRank } from './capture-state.js';

/** A row of `shelfstream.captures` as pg returns it. */
export interface CaptureRow {
  capture_id: string;
  state: CaptureState;
  tier: string | null;
  dead_letter_reason: string | null;
  dead_letter_stage: string | null;
  store_id: string | null;
  aisle: string | null;
  device_id: string | null;
  captured_at: Date | null;
  blob_uris: string[];
  ingested_at: Date | null;
  preprocessed_at: Date | null;
  inferred_at: Date | null;
  drifted_at: Date | null;
  scored_at: Date | null;
  dead_lettered_at: Date | null;
  unscorable_at: Date | null;
  archived_at: Date | null;
}

const ms = (d: Date | null): number | null => d?.getTime() ?? null;
const iso = (n: number | null): string | null => (n === null ? null : new Date(n).toISOString());

/** The snapshot a capture row holds (times as epoch ms). */
export function toSnapshot(r: CaptureRow): CaptureSnapshot {
  return {
    captureId: r.capture_id,
    state: r.state,
    tier: r.tier,
    deadLetterReason: r.dead_letter_reason,
    deadLetterStage: r.dead_letter_stage,
    storeId: r.store_id,
    aisle: r.aisle,
    deviceId: r.device_id,
    capturedAt: ms(r.captured_at),
    blobUris: r.blob_uris,
    timestamps: {
      ingestedAt: ms(r.ingested_at),
      preprocessedAt: ms(r.preprocessed_at),
      inferredAt: ms(r.inferred_at),
      driftedAt: ms(r.drifted_at),
      deadLetteredAt: ms(r.dead_lettered_at),
      unscorableAt: ms(r.unscorable_at),
      scoredAt: ms(r.scored_at),
      archivedAt: ms(r.archived_at),
    },
  };
}

/** Columns of a capture row, written by one statement for many captures (see {@link saveSnapshots}). */
const SNAPSHOT_COLUMNS = `capture_id text, state text, state_rank integer, tier text, dead_letter_reason text,
  dead_letter_stage text, store_id text, aisle text, device_id text, captured_at timestamptz, blob_uris jsonb,
  ingested_at timestamptz, preprocessed_at timestamptz, inferred_at timestamptz, drifted_at timestamptz,
  scored_at timestamptz, dead_lettered_at timestamptz, unscorable_at timestamptz, archived_at timestamptz`;

/**
 * Upserts many capture rows in one statement. The rows travel as one JSON array (`jsonb_to_recordset`): `blob_uris`
 * is an array per row, which parallel `unnest` arrays cannot carry.
 */
export async function saveSnapshots(db: Queryable, snapshots: readonly CaptureSnapshot[]): Promise<void> {
  const rows = snapshots.map((s) => ({
    capture_id: s.captureId,
    state: s.state,
    state_rank: stateRank(s.state),
    tier: s.tier,
    dead_letter_reason: s.deadLetterReason,
    dead_letter_stage: s.deadLetterStage,
    store_id: s.storeId,
    aisle: s.aisle,
    device_id: s.deviceId,
    captured_at: iso(s.capturedAt),
    blob_uris: s.blobUris,
    ingested_at: iso(s.timestamps.ingestedAt),
    preprocessed_at: iso(s.timestamps.preprocessedAt),
    inferred_at: iso(s.timestamps.inferredAt),
    drifted_at: iso(s.timestamps.driftedAt),
    scored_at: iso(s.timestamps.scoredAt),
    dead_lettered_at: iso(s.timestamps.deadLetteredAt),
    unscorable_at: iso(s.timestamps.unscorableAt),
    archived_at: iso(s.timestamps.archivedAt),
  }));
  await db.query(
    `insert into shelfstream.captures
       (capture_id, state, state_rank, tier, dead_letter_reason, dead_letter_stage, store_id, aisle, device_id,
        captured_at, blob_uris, ingested_at, preprocessed_at, inferred_at, drifted_at, scored_at, dead_lettered_at,
        unscorable_at, archived_at, updated_at)
     select r.capture_id, r.state, r.state_rank, r.tier, r.dead_letter_reason, r.dead_letter_stage, r.store_id,
            r.aisle, r.device_id, r.captured_at,
            array(select jsonb_array_elements_text(coalesce(r.blob_uris, '[]'::jsonb))),
            r.ingested_at, r.preprocessed_at, r.inferred_at, r.drifted_at, r.scored_at, r.dead_lettered_at,
            r.unscorable_at, r.archived_at, now()
       from jsonb_to_recordset($1::jsonb) as r(${SNAPSHOT_COLUMNS})
     on conflict (capture_id) do update set state = excluded.state, state_rank = excluded.state_rank,
       tier = excluded.tier, dead_letter_reason = excluded.dead_letter_reason,
       dead_letter_stage = excluded.dead_letter_stage, store_id = excluded.store_id, aisle = excluded.aisle,
       device_id = excluded.device_id, captured_at = excluded.captured_at, blob_uris = excluded.blob_uris,
       ingested_at = excluded.ingested_at, preprocessed_at = excluded.preprocessed_at,
       inferred_at = excluded.inferred_at, drifted_at = excluded.drifted_at, scored_at = excluded.scored_at,
       dead_lettered_at = excluded.dead_lettered_at, unscorable_at = excluded.unscorable_at,
       archived_at = excluded.archived_at, updated_at = now()`,
    [JSON.stringify(rows)],
  );
}
