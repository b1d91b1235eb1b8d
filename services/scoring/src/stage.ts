import type { DetectionsProduced, TopicNames } from '@shelfstream/contracts';
import {
  type ActivePlanogram,
  findHold,
  loadActivePlanograms,
  type RecordSource,
  sameSource,
  saveHold,
  storeAisleKey,
  withTransaction,
} from '@shelfstream/db';
import {
  deadLetter,
  isStageError,
  type Outcome,
  ok,
  type PassedCode,
  passedCode,
  retry,
  StageError,
  skip,
} from '@shelfstream/errors';
import type { StageOutput, StageProcess, StageRecord } from '@shelfstream/kafka';
import type pg from 'pg';
import { insertRescoreRequest } from './db/rescore-store.js';
import { findResult, insertResult } from './db/result-store.js';
import { findUnscorable, insertUnscorable } from './db/unscorable-store.js';
import { toStageOutputs } from './output.js';
import type { ScoringReason } from './reasons.js';
import { decideRescore } from './rescore/decide-rescore.js';
import { scoredOutputs } from './scored-outputs.js';
import { computeScore } from './transform/compute-score.js';
import { judgeScorability } from './transform/judge-scorability.js';
import { parseStoredPlanogram } from './transform/parse-stored-planogram.js';
import { rescoreTarget, toRescoreRequest } from './transform/rescore-target.js';
import { toCaptureUnscorable } from './transform/to-capture-unscorable.js';
import { toVersionDrift } from './transform/to-version-drift.js';
import { versionGate } from './transform/version-gate.js';

/** Dependencies of the scorer stage. */
export interface StageDeps {
  readonly pool: pg.Pool;
  readonly topics: TopicNames;
  readonly confidenceFloor: number;
  /** Least detections that make a photo without a shelf line scorable (SCORING_MIN_DETECTIONS_WITHOUT_SHELF). */
  readonly minDetectionsWithoutShelf: number;
  /** Share of the planned facings a photo must show; below it a first score asks for a recapture (SCORING_MIN_COVERAGE). */
  readonly minCoverage: number;
  /** Queue captures a lower tier scored while tier 1 was down for a re-score by tier 1 (SCORING_RESCORE_ENABLED). */
  readonly rescoreEnabled?: boolean;
  readonly now?: () => number;
}

/**
 * What the scorer returns per detections record: a scoring reason code, or the code of a StageError raised below it
 * passed on unchanged.
 */
export type ScoringOutcome = Outcome<StageOutput, ScoringReason | PassedCode>;

/**
 * The scoring stage's `process`: detections in; compliance scores and rollups out (and in PostgreSQL), a version-drift hold
 * for a capture whose planogram version is not the active one, or an UNSCORABLE decision (no score, no rollup change,
 * a recapture request) for a photo that shows no shelf to score.
 *
 * Idempotency: each capture's result (or hold) row remembers the input record that produced it: its first origin
 * (`StageRecord.firstOrigin`, carried through the retry topic and DLQ replays in `x-origin-*` headers). Seeing that
 * same logical record again (its Kafka transaction aborted, its commit's reply was lost and it came back through the
 * retry topic, or an operator replayed its dead letter) re-emits the stored outputs; seeing the capture from another
 * record (a resend, a duplicate) is a `DUPLICATE` skip: no new rows, no new records.
 */
export function createStage(deps: StageDeps): StageProcess<DetectionsProduced> {
  return (records) => scoreChunk(deps, records);
}

async function scoreChunk(
  deps: StageDeps,
  records: readonly StageRecord<DetectionsProduced>[],
): Promise<ScoringOutcome[]> {
  const keys = [
    ...new Map(records.map((r) => [storeAisleKey(r.value.store_id, r.value.aisle), r.value])).values(),
  ];
  const active = await withDb(() =>
    loadActivePlanograms(
      deps.pool,
      keys.map((v) => ({ storeId: v.store_id, aisle: v.aisle })),
    ),
  );
  const outcomes: ScoringOutcome[] = [];
  for (const record of records) {
    const planogram = active.get(storeAisleKey(record.value.store_id, record.value.aisle)) ?? null;
    // Per record: a failure retries this record only, while the records before it (already committed in
    // PostgreSQL) still get their outputs in this chunk's transaction.
    try {
      outcomes.push(await withDb(() => scoreOne(deps, record, planogram)));
    } catch (err) {
      const error = err as StageError;
      outcomes.push(error.retriable ? retry(passedCode(error), error) : deadLetter(passedCode(error), error));
    }
  }
  return outcomes;
}

async function scoreOne(
  deps: StageDeps,
  record: StageRecord<DetectionsProduced>,
  active: ActivePlanogram | null,
): Promise<ScoringOutcome> {
  const value = record.value;
  // The FIRST origin, not the current coordinates: a record back from the retry topic or a DLQ replay is the same
  // logical record, so a row it committed before failing is re-emitted, not taken for a duplicate (issue 12).
  const source: RecordSource = record.firstOrigin;
  const now = deps.now ?? Date.now;
  return withTransaction(deps.pool, async (client) => {
    // One writer per store at a time: rollups are read back from the results inside the transaction.
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`scoring:${value.store_id}`]);
    return decide(client, deps, record, active, source, now);
  });
}

async function decide(
  client: pg.PoolClient,
  deps: StageDeps,
  record: StageRecord<DetectionsProduced>,
  active: ActivePlanogram | null,
  source: RecordSource,
  now: () => number,
): Promise<ScoringOutcome> {
  const value = record.value;
  if (value.rescore) return decideRescore(client, deps, record, active, source, now);
  const existing = await findResult(client, value.capture_id);
  if (existing) {
    if (!sameSource(existing.source, source)) return skip('DUPLICATE');
    return ok(...(await scoredOutputs(client, deps.topics, existing.record, now(), deps.minCoverage)));
  }
  const unscorable = await findUnscorable(client, value.capture_id);
  if (unscorable) {
    if (!sameSource(unscorable.source, source)) return skip('DUPLICATE');
    return ok(...toStageOutputs(deps.topics, { kind: 'unscorable', unscorable: unscorable.record }));
  }
  const gate = versionGate(value.planogram_version, active?.version ?? null);
  if (gate.kind === 'drift') {
    const hold = await findHold(client, value.capture_id);
    if (hold && sameSource(hold.source, source)) {
      return ok(
        ...toStageOutputs(deps.topics, {
          kind: 'drift',
          drift: toVersionDrift(value, hold.activeVersion, hold.heldAt),
        }),
      );
    }
    if (hold && hold.reprocessedAt === null) return skip('DUPLICATE');
    const heldAt = now();
    await saveHold(client, value, gate.activeVersion, heldAt, source);
    record.logger.info(
      { planogramVersion: value.planogram_version, activeVersion: gate.activeVersion },
      'planogram version drift: capture held',
    );
    return ok(
      ...toStageOutputs(deps.topics, {
        kind: 'drift',
        drift: toVersionDrift(value, gate.activeVersion, heldAt),
      }),
    );
  }
  const planogram = parseStoredPlanogram(active as ActivePlanogram);
  if (!planogram.ok) {
    return deadLetter(
      'SCORING_PLANOGRAM_INVALID',
      new Error(`stored planogram is invalid: ${planogram.errors.join('; ')}`),
    );
  }
  if (!(value.image_height >= 0) || !(value.image_width >= 0)) {
    return deadLetter('SCORING_DETECTIONS_INVALID', new Error('image size must not be negative'));
  }
  const scorability = judgeScorability(value, planogram.planogram, deps.minDetectionsWithoutShelf);
  if (scorability.kind === 'unscorable') {
    const decision = toCaptureUnscorable(value, scorability, now());
    await insertUnscorable(client, decision, source);
    record.logger.info(
      {
        reasonCode: decision.reason_code,
        detectionsFound: decision.detections_found,
        tier: decision.tier,
      },
      'unscorable capture: no shelf to score, recapture requested',
    );
    return ok(...toStageOutputs(deps.topics, { kind: 'unscorable', unscorable: decision }));
  }
  const version = (active as ActivePlanogram).version;
  const scored = computeScore(value, {
    planogram: planogram.planogram,
    version,
    confidenceFloor: deps.confidenceFloor,
    scoredAt: now(),
  });
  await insertResult(client, scored, version, source);
  const target = deps.rescoreEnabled === false ? null : rescoreTarget(value);
  if (target !== null) await insertRescoreRequest(client, toRescoreRequest(value, target), scored.scored_at);
  return ok(...(await scoredOutputs(client, deps.topics, scored, scored.scored_at, deps.minCoverage)));
}

/** Runs a database step; a connection or server failure becomes the retriable SCORING_DB_UNAVAILABLE. */
async function withDb<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (isStageError(err)) throw err;
    throw new StageError<ScoringReason>(
      'SCORING_DB_UNAVAILABLE',
      `database step failed: ${(err as Error).message}`,
      {
        retriable: true,
        cause: err,
      },
    );
  }
}
