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
const iso = (n: number | null): string | null => (n === null ? null : new Date(n).toISOString());

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
  const [recorded] = await recordCaptureEvents(pool, [{ event, source }]);
  return recorded ?? null;
}

/** One event to record and the record it came from. */
export interface SourcedEvent {
  readonly event: CaptureEvent;
  readonly source: RecordSource;
}

const eventKey = (captureId: string, s: RecordSource): string =>
  `${captureId}\u0000${s.topic}\u0000${s.partition}\u0000${s.offset}`;

/**
 * Records many stage events in ONE transaction, a fixed number of statements whatever their count (the tracker's
 * batch): the same outcome as {@link recordCaptureEvent} called on each in order (a redelivered event changes
 * nothing and gives null; each capture's state moves event after event), at a handful of round trips per batch
 * instead of six per event.
 *
 * Writers of one capture are serialized by the same advisory lock as the single-event path, taken in hash order so
 * that two batches (or a batch and the archival job) never wait on each other in a cycle.
 */
export async function recordCaptureEvents(
  pool: pg.Pool,
  items: readonly SourcedEvent[],
): Promise<(RecordedEvent | null)[]> {
  if (items.length === 0) return [];
  const ids = [...new Set(items.map((i) => i.event.captureId))];
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(
      `select pg_advisory_xact_lock(h)
         from (select distinct hashtext('capture:' || id) as h from unnest($1::text[]) as id order by h) as locks`,
      [ids],
    );
    const current = await client.query<CaptureRow>(
      'select * from shelfstream.captures where capture_id = any($1::text[]) for update',
      [ids],
    );
    const seen = await client.query<{
      capture_id: string;
      source_topic: string;
      source_partition: number;
      source_offset: string;
    }>(
      `select e.capture_id, e.source_topic, e.source_partition, e.source_offset
         from shelfstream.capture_events e
         join unnest($1::text[], $2::text[], $3::int[], $4::bigint[]) as k(capture_id, topic, part, off)
           on e.capture_id = k.capture_id and e.source_topic = k.topic
          and e.source_partition = k.part and e.source_offset = k.off`,
      [
        items.map((i) => i.event.captureId),
        items.map((i) => i.source.topic),
        items.map((i) => i.source.partition),
        items.map((i) => i.source.offset),
      ],
    );
    const recorded = new Set(
      seen.rows.map((r) =>
        eventKey(r.capture_id, {
          topic: r.source_topic,
          partition: r.source_partition,
          offset: String(r.source_offset),
        }),
      ),
    );
    const snapshots = new Map<string, CaptureSnapshot | null>(ids.map((id) => [id, null]));
    for (const row of current.rows) snapshots.set(row.capture_id, toSnapshot(row));
    const results: (RecordedEvent | null)[] = [];
    const fresh: { item: SourcedEvent; applied: boolean }[] = [];
    for (const item of items) {
      const key = eventKey(item.event.captureId, item.source);
      if (recorded.has(key)) {
        results.push(null);
        continue;
      }
      recorded.add(key);
      const before = snapshots.get(item.event.captureId) ?? null;
      const applied = applyCaptureEvent(before, item.event);
      snapshots.set(item.event.captureId, applied.next);
      fresh.push({ item, applied: applied.applied });
      results.push({ ...applied, before });
    }
    if (fresh.length > 0) {
      await client.query(
        `insert into shelfstream.capture_events
           (capture_id, state, detail, occurred_at, source_topic, source_partition, source_offset, applied)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::int[],
                              $7::bigint[], $8::boolean[])`,
        [
          fresh.map((f) => f.item.event.captureId),
          fresh.map((f) => f.item.event.state),
          fresh.map((f) => f.item.event.detail),
          fresh.map((f) => new Date(f.item.event.occurredAt)),
          fresh.map((f) => f.item.source.topic),
          fresh.map((f) => f.item.source.partition),
          fresh.map((f) => f.item.source.offset),
          fresh.map((f) => f.applied),
        ],
      );
      const changed = [...new Set(fresh.map((f) => f.item.event.captureId))];
      await saveSnapshots(
        client,
        changed.map((id) => snapshots.get(id) as CaptureSnapshot),
      );
    }
    await client.query('commit');
    return results;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Columns of a capture row, written by one statement for many captures (see {@link saveSnapshots}). */
const SNAPSHOT_COLUMNS = `capture_id text, state text, state_rank integer, tier text, dead_letter_reason text,
  dead_letter_stage text, store_id text, aisle text, device_id text, captured_at timestamptz, blob_uris jsonb,
  ingested_at timestamptz, preprocessed_at timestamptz, inferred_at timestamptz, drifted_at timestamptz,
  scored_at timestamptz, dead_lettered_at timestamptz, archived_at timestamptz`;

/**
 * Upserts many capture rows in one statement. The rows travel as one JSON array (`jsonb_to_recordset`): `blob_uris`
 * is an array per row, which parallel `unnest` arrays cannot carry.
 */
async function saveSnapshots(db: Queryable, snapshots: readonly CaptureSnapshot[]): Promise<void> {
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
    archived_at: iso(s.timestamps.archivedAt),
  }));
  await db.query(
    `insert into shelfstream.captures
       (capture_id, state, state_rank, tier, dead_letter_reason, dead_letter_stage, store_id, aisle, device_id,
        captured_at, blob_uris, ingested_at, preprocessed_at, inferred_at, drifted_at, scored_at, dead_lettered_at,
        archived_at, updated_at)
     select r.capture_id, r.state, r.state_rank, r.tier, r.dead_letter_reason, r.dead_letter_stage, r.store_id,
            r.aisle, r.device_id, r.captured_at,
            array(select jsonb_array_elements_text(coalesce(r.blob_uris, '[]'::jsonb))),
            r.ingested_at, r.preprocessed_at, r.inferred_at, r.drifted_at, r.scored_at, r.dead_lettered_at,
            r.archived_at, now()
       from jsonb_to_recordset($1::jsonb) as r(${SNAPSHOT_COLUMNS})
     on conflict (capture_id) do update set state = excluded.state, state_rank = excluded.state_rank,
       tier = excluded.tier, dead_letter_reason = excluded.dead_letter_reason,
       dead_letter_stage = excluded.dead_letter_stage, store_id = excluded.store_id, aisle = excluded.aisle,
       device_id = excluded.device_id, captured_at = excluded.captured_at, blob_uris = excluded.blob_uris,
       ingested_at = excluded.ingested_at, preprocessed_at = excluded.preprocessed_at,
       inferred_at = excluded.inferred_at, drifted_at = excluded.drifted_at, scored_at = excluded.scored_at,
       dead_lettered_at = excluded.dead_lettered_at, archived_at = excluded.archived_at, updated_at = now()`,
    [JSON.stringify(rows)],
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
