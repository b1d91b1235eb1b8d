import type { ComplianceRollup, ComplianceScored } from '@shelfstream/contracts';
import type { Queryable, RecordSource } from '@shelfstream/db';
import type { RollupWindow } from '../transform/rollup-window.js';
import type { AisleSummary } from '../transform/to-rollups.js';
import { findStoredRecord, type StoredRecord } from './stored-record.js';

/** A stored compliance result and the input record that produced it. */
export type StoredResult = StoredRecord<ComplianceScored>;

/** The stored result of a capture, or null. */
export function findResult(db: Queryable, captureId: string): Promise<StoredResult | null> {
  return findStoredRecord<ComplianceScored>(db, 'compliance_results', captureId);
}

/**
 * Inserts a capture's result and its SKU findings. Returns false (and writes nothing) when the capture already has
 * one: the idempotency key makes replays no-ops.
 */
export async function insertResult(
  db: Queryable,
  scored: ComplianceScored,
  planogramVersion: number,
  source: RecordSource,
): Promise<boolean> {
  const inserted = await db.query(
    `insert into shelfstream.compliance_results
       (capture_id, store_id, aisle, device_id, captured_at, planogram_id, planogram_version, score, partial, tier,
        model_id, model_version, quality, out_of_stock_count, misplaced_count, unexpected_count, scored_at, record,
        source_topic, source_partition, source_offset, coverage)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
     on conflict (capture_id) do nothing`,
    [
      scored.capture_id,
      scored.store_id,
      scored.aisle,
      scored.device_id,
      new Date(scored.captured_at),
      scored.planogram_id,
      planogramVersion,
      scored.score,
      scored.partial,
      scored.tier,
      scored.model_id,
      scored.model_version,
      scored.quality,
      scored.out_of_stock_count,
      scored.misplaced_count,
      scored.unexpected_count,
      new Date(scored.scored_at),
      JSON.stringify(scored),
      source.topic,
      source.partition,
      source.offset,
      scored.coverage,
    ],
  );
  if (inserted.rowCount === 0) return false;
  await insertSkuFindings(db, scored);
  return true;
}

/** Inserts a score's SKU findings (none for a score without any). */
export async function insertSkuFindings(db: Queryable, scored: ComplianceScored): Promise<void> {
  if (scored.skus.length > 0) {
    await db.query(
      `insert into shelfstream.compliance_sku_findings
         (capture_id, sku, brand, store_id, aisle, captured_at, shelf_index, facings_found, facings_expected,
          out_of_stock, misplaced, unexpected, not_seen)
       select $1, f.sku, f.brand, $2, $3, $4, f.shelf_index, f.facings_found, f.facings_expected,
              f.out_of_stock, f.misplaced, f.unexpected, coalesce(f.not_seen, false)
         from jsonb_to_recordset($5::jsonb) as f(sku text, brand text, shelf_index int, facings_found int,
              facings_expected int, out_of_stock boolean, misplaced boolean, unexpected boolean, not_seen boolean)
       on conflict do nothing`,
      [
        scored.capture_id,
        scored.store_id,
        scored.aisle,
        new Date(scored.captured_at),
        JSON.stringify(scored.skus),
      ],
    );
  }
}

/** Per-aisle summaries of one store's results in a window (see {@link AisleSummary}). */
export async function aisleSummaries(
  db: Queryable,
  storeId: string,
  window: RollupWindow,
): Promise<AisleSummary[]> {
  const result = await db.query<{
    aisle: string;
    captures_scored: number;
    degraded_captures: number;
    score: number;
    out_of_stock_count: number;
    misplaced_count: number;
  }>(
    `with in_window as (
       select * from shelfstream.compliance_results
        where store_id = $1 and captured_at >= $2 and captured_at < $3
     ), latest as (
       select distinct on (aisle) aisle, score, out_of_stock_count, misplaced_count
         from in_window order by aisle, captured_at desc, capture_id desc
     )
     select l.aisle, l.score, l.out_of_stock_count, l.misplaced_count,
            (select count(*)::int from in_window w where w.aisle = l.aisle) as captures_scored,
            (select count(*)::int from in_window w where w.aisle = l.aisle and w.quality = 'DEGRADED') as degraded_captures
       from latest l order by l.aisle`,
    [storeId, new Date(window.start), new Date(window.end)],
  );
  return result.rows.map((r) => ({
    aisle: r.aisle,
    capturesScored: r.captures_scored,
    degradedCaptures: r.degraded_captures,
    latestScore: r.score,
    latestOutOfStock: r.out_of_stock_count,
    latestMisplaced: r.misplaced_count,
  }));
}

/**
 * Stores a rollup and tells whether its window is the latest one of its key, i.e. whether it belongs on the
 * compacted rollups topic (a late capture of an earlier day must not replace today's rollup there).
 */
export async function saveRollup(db: Queryable, rollup: ComplianceRollup): Promise<boolean> {
  const aisle = rollup.aisle ?? '';
  await db.query(
    `insert into shelfstream.compliance_rollups
       (level, store_id, aisle, window_start, window_end, captures_scored, degraded_captures, mean_score,
        out_of_stock_count, misplaced_count, last_capture_id, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     on conflict (level, store_id, aisle, window_start) do update set
       captures_scored = excluded.captures_scored, degraded_captures = excluded.degraded_captures,
       mean_score = excluded.mean_score, out_of_stock_count = excluded.out_of_stock_count,
       misplaced_count = excluded.misplaced_count, last_capture_id = excluded.last_capture_id,
       updated_at = excluded.updated_at`,
    [
      rollup.level,
      rollup.store_id,
      aisle,
      new Date(rollup.window_start),
      new Date(rollup.window_end),
      rollup.captures_scored,
      rollup.degraded_captures,
      rollup.mean_score,
      rollup.out_of_stock_count,
      rollup.misplaced_count,
      rollup.last_capture_id,
      new Date(rollup.updated_at),
    ],
  );
  const latest = await db.query<{ latest: Date }>(
    `select max(window_start) as latest from shelfstream.compliance_rollups
      where level = $1 and store_id = $2 and aisle = $3`,
    [rollup.level, rollup.store_id, aisle],
  );
  return latest.rows[0]?.latest.getTime() === rollup.window_start;
}
