import type { ComplianceScored, InferenceTier } from '@shelfstream/contracts';
import type { Queryable, RecordSource } from '@shelfstream/db';
import type { StoredRescoreRequest } from '../transform/rescore-target.js';
import { insertSkuFindings } from './result-store.js';

/**
 * Queues a capture for a re-score by a better tier, in the transaction of its first score. A second call for the
 * capture (a redo of the same record) is a no-op.
 */
export async function insertRescoreRequest(
  db: Queryable,
  request: StoredRescoreRequest,
  scoredAt: number,
): Promise<void> {
  await db.query(
    `insert into shelfstream.rescore_requests (capture_id, store_id, scored_tier, target_tier, scored_at, request)
     values ($1, $2, $3, $4, $5, $6) on conflict (capture_id) do nothing`,
    [
      request.capture_id,
      request.store_id,
      request.scored_tier,
      request.target_tier,
      new Date(scoredAt),
      JSON.stringify(request),
    ],
  );
}

/** Closes a capture's re-score request: `superseded`, or the code of why the scorer kept the earlier score. */
export async function closeRescoreRequest(
  db: Queryable,
  captureId: string,
  outcome: string,
  at: number,
): Promise<void> {
  await db.query(
    `update shelfstream.rescore_requests set done_at = $2, outcome = $3 where capture_id = $1 and done_at is null`,
    [captureId, new Date(at), outcome],
  );
}

/** The planogram version a capture's stored score was computed against, or null without a score. */
export async function scoredPlanogramVersion(db: Queryable, captureId: string): Promise<number | null> {
  const result = await db.query<{ planogram_version: number }>(
    'select planogram_version from shelfstream.compliance_results where capture_id = $1',
    [captureId],
  );
  return result.rows[0]?.planogram_version ?? null;
}

/**
 * Replaces a capture's score by a better tier's: the earlier record moves to superseded_results (with the input
 * record that produced it), the new one takes its row in compliance_results (so every reader and the rollups see the
 * latest) with the re-score's input record as its source, and the SKU findings are the new score's.
 */
export async function supersedeResult(
  db: Queryable,
  earlier: ComplianceScored,
  earlierSource: RecordSource,
  scored: ComplianceScored,
  source: RecordSource,
): Promise<void> {
  await db.query(
    `insert into shelfstream.superseded_results
       (capture_id, tier, model_id, model_version, score, partial, scored_at, record, superseded_by_tier,
        superseded_at, source_topic, source_partition, source_offset)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     on conflict (capture_id, tier) do nothing`,
    [
      earlier.capture_id,
      earlier.tier,
      earlier.model_id,
      earlier.model_version,
      earlier.score,
      earlier.partial,
      new Date(earlier.scored_at),
      JSON.stringify(earlier),
      scored.tier,
      new Date(scored.scored_at),
      earlierSource.topic,
      earlierSource.partition,
      earlierSource.offset,
    ],
  );
  await db.query(
    `update shelfstream.compliance_results set
       score = $2, partial = $3, tier = $4, model_id = $5, model_version = $6, quality = $7,
       out_of_stock_count = $8, misplaced_count = $9, unexpected_count = $10, scored_at = $11, record = $12,
       source_topic = $13, source_partition = $14, source_offset = $15, coverage = $16
     where capture_id = $1`,
    [
      scored.capture_id,
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
  await db.query('delete from shelfstream.compliance_sku_findings where capture_id = $1', [
    scored.capture_id,
  ]);
  await insertSkuFindings(db, scored);
}

/** An open re-score request the job may send now. */
export interface DueRescore {
  readonly request: StoredRescoreRequest;
  readonly attempts: number;
}

/** Which open requests are due; see {@link dueRescores}. */
export interface DueRescoreQuery {
  readonly limit: number;
  /** Requests sent before this instant and still open are sent again. */
  readonly resendBefore: number;
  readonly maxAttempts: number;
  /** Only evidence newer than this counts: the target tier must have scored a capture since. */
  readonly evidenceAfter: number;
}

/**
 * The oldest open requests whose target tier has scored a capture after them (it answers again) and after
 * `evidenceAfter` (recently), never sent or sent before `resendBefore` with attempts left. Rows are locked
 * (`for update skip locked`) so that two jobs never send the same request in one tick.
 */
export async function dueRescores(db: Queryable, query: DueRescoreQuery): Promise<DueRescore[]> {
  const result = await db.query<{ request: StoredRescoreRequest; attempts: number }>(
    `with evidence as (
       select tier, max(scored_at) as last_scored_at from shelfstream.compliance_results
        where scored_at > $4 group by tier
     )
     select r.request, r.attempts from shelfstream.rescore_requests r
       join evidence e on e.tier = r.target_tier and e.last_scored_at > r.scored_at
      where r.done_at is null and r.attempts < $3 and (r.requested_at is null or r.requested_at < $2)
      order by r.scored_at, r.capture_id
      limit $1
      for update of r skip locked`,
    [query.limit, new Date(query.resendBefore), query.maxAttempts, new Date(query.evidenceAfter)],
  );
  return result.rows.map((r) => ({ request: r.request, attempts: r.attempts }));
}

/** Marks requests as sent now (one more attempt each). */
export async function markRescoresSent(
  db: Queryable,
  captureIds: readonly string[],
  at: number,
): Promise<void> {
  if (captureIds.length === 0) return;
  await db.query(
    `update shelfstream.rescore_requests set requested_at = $2, attempts = attempts + 1
      where capture_id = any($1::text[])`,
    [captureIds, new Date(at)],
  );
}

/** Counts of the re-score queue, for the job's gauge. */
export async function openRescoreCount(db: Queryable, tier?: InferenceTier): Promise<number> {
  const result = await db.query<{ n: number }>(
    `select count(*)::int as n from shelfstream.rescore_requests
      where done_at is null and ($1::text is null or target_tier = $1)`,
    [tier ?? null],
  );
  return result.rows[0]?.n ?? 0;
}
