import type { DetectionsProduced } from '@shelfstream/contracts';
import type pg from 'pg';
import type { Queryable, RecordSource } from '../queryable.js';

/** A capture held by the version gate. */
export interface DriftHold {
  readonly captureId: string;
  readonly activeVersion: number | null;
  readonly detections: DetectionsProduced;
  readonly heldAt: number;
  readonly reprocessedAt: number | null;
  readonly source: RecordSource;
}

interface HoldRow {
  capture_id: string;
  active_version: number | null;
  detections: DetectionsProduced;
  held_at: Date;
  reprocessed_at: Date | null;
  source_topic: string;
  source_partition: number;
  source_offset: string;
}

const toHold = (r: HoldRow): DriftHold => ({
  captureId: r.capture_id,
  activeVersion: r.active_version,
  detections: r.detections,
  heldAt: r.held_at.getTime(),
  reprocessedAt: r.reprocessed_at?.getTime() ?? null,
  source: { topic: r.source_topic, partition: r.source_partition, offset: String(r.source_offset) },
});

/** The hold of a capture, or null. */
export async function findHold(db: Queryable, captureId: string): Promise<DriftHold | null> {
  const result = await db.query<HoldRow>('select * from shelfstream.drift_holds where capture_id = $1', [
    captureId,
  ]);
  const row = result.rows[0];
  return row ? toHold(row) : null;
}

/** Holds a capture (or holds it again after a replay that drifted once more), clearing its reprocess checkpoint. */
export async function saveHold(
  db: Queryable,
  record: DetectionsProduced,
  activeVersion: number | null,
  heldAt: number,
  source: RecordSource,
): Promise<void> {
  await db.query(
    `insert into shelfstream.drift_holds
       (capture_id, store_id, aisle, planogram_version, active_version, detections, held_at, reprocessed_at,
        source_topic, source_partition, source_offset)
     values ($1, $2, $3, $4, $5, $6, $7, null, $8, $9, $10)
     on conflict (capture_id) do update set planogram_version = excluded.planogram_version,
       active_version = excluded.active_version, detections = excluded.detections, held_at = excluded.held_at,
       reprocessed_at = null, source_topic = excluded.source_topic, source_partition = excluded.source_partition,
       source_offset = excluded.source_offset`,
    [
      record.capture_id,
      record.store_id,
      record.aisle,
      record.planogram_version,
      activeVersion,
      JSON.stringify(record),
      new Date(heldAt),
      source.topic,
      source.partition,
      source.offset,
    ],
  );
}

/**
 * Held captures whose planogram version is now the active one of their store and aisle and that were not
 * republished yet (the reprocess checkpoint), oldest first; optionally of one store.
 */
export async function replayableHolds(
  db: Queryable,
  options: { readonly storeId?: string; readonly limit?: number } = {},
): Promise<DriftHold[]> {
  const result = await db.query<HoldRow>(
    `select h.* from shelfstream.drift_holds h
       join shelfstream.planograms p on p.store_id = h.store_id and p.aisle = h.aisle and p.active
      where h.reprocessed_at is null
        and ($1::text is null or h.store_id = $1)
        and substring(h.planogram_version from '^\\s*[vV]?(\\d{1,9})\\s*$')::int = p.version
      order by h.held_at, h.capture_id
      limit $2`,
    [options.storeId ?? null, options.limit ?? 1_000_000],
  );
  return result.rows.map(toHold);
}

/** Count of held captures not yet republished (all, or of one store). */
export async function pendingHoldCount(db: Queryable, storeId?: string): Promise<number> {
  const result = await db.query<{ n: number }>(
    `select count(*)::int as n from shelfstream.drift_holds
      where reprocessed_at is null and ($1::text is null or store_id = $1)`,
    [storeId ?? null],
  );
  return result.rows[0]?.n ?? 0;
}

/** Sets the reprocess checkpoint of a hold; false when it was already set (another run got there first). */
export async function markReprocessed(pool: pg.Pool, captureId: string, at: number): Promise<boolean> {
  const result = await pool.query(
    'update shelfstream.drift_holds set reprocessed_at = $2 where capture_id = $1 and reprocessed_at is null',
    [captureId, new Date(at)],
  );
  return (result.rowCount ?? 0) > 0;
}
