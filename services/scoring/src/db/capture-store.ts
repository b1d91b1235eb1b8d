import type pg from 'pg';
import {
  type AppliedEvent,
  applyCaptureEvent,
  type CaptureEvent,
  type CaptureSnapshot,
  type CaptureState,
  stateRank,
} from '../transform/capture-state.js';
import type { Queryable, RecordSource } from './queryable.js';

interface CaptureRow {
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
  archived_at: Date | null;
}

const ms = (d: Date | null): number | null => d?.getTime() ?? null;
const date = (n: number | null): Date | null => (n === null ? null : new Date(n));

function toSnapshot(r: CaptureRow): CaptureSnapshot {
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
      scoredAt: ms(r.scored_at),
      archivedAt: ms(r.archived_at),
    },
  };
}

/** The state change one recorded event made. */
export interface RecordedEvent extends AppliedEvent {
  readonly before: CaptureSnapshot | null;
}

/**
 * Records a stage event for its capture in one transaction: the event joins the capture's history (keyed by the
 * source record, so a redelivered record changes nothing and returns null) and the capture's state row is moved by
 * {@link applyCaptureEvent} under a row lock.
 */
export async function recordCaptureEvent(
  pool: pg.Pool,
  event: CaptureEvent,
  source: RecordSource,
): Promise<RecordedEvent | null> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    // Serializes writers of one capture (also when its row does not exist yet).
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`capture:${event.captureId}`]);
    const current = await client.query<CaptureRow>(
      'select * from shelfstream.captures where capture_id = $1 for update',
      [event.captureId],
    );
    const before = current.rows[0] ? toSnapshot(current.rows[0]) : null;
    const applied = applyCaptureEvent(before, event);
    const inserted = await client.query(
      `insert into shelfstream.capture_events
         (capture_id, state, detail, occurred_at, source_topic, source_partition, source_offset, applied)
       values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing`,
      [
        event.captureId,
        event.state,
        event.detail,
        new Date(event.occurredAt),
        source.topic,
        source.partition,
        source.offset,
        applied.applied,
      ],
    );
    if (inserted.rowCount === 0) {
      await client.query('rollback');
      return null;
    }
    await saveSnapshot(client, applied.next);
    await client.query('commit');
    return { ...applied, before };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

async function saveSnapshot(db: Queryable, s: CaptureSnapshot): Promise<void> {
  const t = s.timestamps;
  await db.query(
    `insert into shelfstream.captures
       (capture_id, state, state_rank, tier, dead_letter_reason, dead_letter_stage, store_id, aisle, device_id,
        captured_at, blob_uris, ingested_at, preprocessed_at, inferred_at, drifted_at, scored_at, dead_lettered_at,
        archived_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, now())
     on conflict (capture_id) do update set state = excluded.state, state_rank = excluded.state_rank,
       tier = excluded.tier, dead_letter_reason = excluded.dead_letter_reason,
       dead_letter_stage = excluded.dead_letter_stage, store_id = excluded.store_id, aisle = excluded.aisle,
       device_id = excluded.device_id, captured_at = excluded.captured_at, blob_uris = excluded.blob_uris,
       ingested_at = excluded.ingested_at, preprocessed_at = excluded.preprocessed_at,
       inferred_at = excluded.inferred_at, drifted_at = excluded.drifted_at, scored_at = excluded.scored_at,
       dead_lettered_at = excluded.dead_lettered_at, archived_at = excluded.archived_at, updated_at = now()`,
    [
      s.captureId,
      s.state,
      stateRank(s.state),
      s.tier,
      s.deadLetterReason,
      s.deadLetterStage,
      s.storeId,
      s.aisle,
      s.deviceId,
      date(s.capturedAt),
      s.blobUris,
      date(t.ingestedAt),
      date(t.preprocessedAt),
      date(t.inferredAt),
      date(t.driftedAt),
      date(t.scoredAt),
      date(t.deadLetteredAt),
      date(t.archivedAt),
    ],
  );
}

/** One line of a capture's history. */
export interface CaptureHistoryEntry {
  readonly state: CaptureState;
  readonly detail: string | null;
  readonly occurredAt: number;
  readonly source: RecordSource;
  readonly applied: boolean;
}

/** A capture's tracked state and its event history in the order the events happened. */
export interface CaptureHistory {
  readonly capture: CaptureSnapshot;
  readonly events: readonly CaptureHistoryEntry[];
}

/** Loads a capture's state and history; null when the tracker has never seen it. */
export async function loadCaptureHistory(db: Queryable, captureId: string): Promise<CaptureHistory | null> {
  const current = await db.query<CaptureRow>('select * from shelfstream.captures where capture_id = $1', [
    captureId,
  ]);
  const row = current.rows[0];
  if (!row) return null;
  const events = await db.query<{
    state: CaptureState;
    detail: string | null;
    occurred_at: Date;
    source_topic: string;
    source_partition: number;
    source_offset: string;
    applied: boolean;
  }>(
    `select state, detail, occurred_at, source_topic, source_partition, source_offset, applied
       from shelfstream.capture_events where capture_id = $1 order by occurred_at, recorded_at`,
    [captureId],
  );
  return {
    capture: toSnapshot(row),
    events: events.rows.map((e) => ({
      state: e.state,
      detail: e.detail,
      occurredAt: e.occurred_at.getTime(),
      source: { topic: e.source_topic, partition: e.source_partition, offset: String(e.source_offset) },
      applied: e.applied,
    })),
  };
}

/** Scored captures whose score is older than `scoredBefore` (epoch ms), oldest first: the archival job's work. */
export async function archivableCaptures(
  db: Queryable,
  scoredBefore: number,
  limit: number,
): Promise<CaptureSnapshot[]> {
  const result = await db.query<CaptureRow>(
    `select * from shelfstream.captures where state = 'SCORED' and scored_at < $1 order by scored_at limit $2`,
    [new Date(scoredBefore), limit],
  );
  return result.rows.map(toSnapshot);
}
