import type { DetectionsProduced } from '@shelfstream/contracts';
import { type ActivePlanogram, type RecordSource, sameSource } from '@shelfstream/db';
import { ok, skip } from '@shelfstream/errors';
import type { StageRecord } from '@shelfstream/kafka';
import type pg from 'pg';
import { closeRescoreRequest, scoredPlanogramVersion, supersedeResult } from '../db/rescore-store.js';
import { findResult } from '../db/result-store.js';
import type { ScoringReason } from '../reasons.js';
import { scoredOutputs } from '../scored-outputs.js';
import type { ScoringOutcome, StageDeps } from '../stage.js';
import { computeScore } from '../transform/compute-score.js';
import { judgeScorability } from '../transform/judge-scorability.js';
import { parseStoredPlanogram } from '../transform/parse-stored-planogram.js';
import { isBetterTier, supersededScore } from '../transform/rescore-target.js';

/**
 * The scorer's answer to a re-score (detections with `rescore` set, from tier 1's rescore lane): the capture's score
 * by a lower tier is replaced by this better tier's, the new ComplianceScored names the one it supersedes, the
 * rollups are recomputed, and the earlier score stays in superseded_results.
 *
 * At most once per capture and tier: a re-score by a tier no better than the stored score's is a DUPLICATE, so a
 * request the job sent twice, or a replay, changes nothing; the same re-score record seen again (its transaction
 * aborted) re-emits the stored record, as first scores do. The earlier score is kept, and the request closed with the
 * code, when there is nothing to supersede, when the active planogram changed since (a new version measures something
 * else), or when the better tier's detections would make the photo unscorable.
 */
export async function decideRescore(
  client: pg.PoolClient,
  deps: StageDeps,
  record: StageRecord<DetectionsProduced>,
  active: ActivePlanogram | null,
  source: RecordSource,
  now: () => number,
): Promise<ScoringOutcome> {
  const value = record.value;
  const existing = await findResult(client, value.capture_id);
  if (existing && sameSource(existing.source, source)) {
    return ok(...(await scoredOutputs(client, deps.topics, existing.record, now(), deps.minCoverage)));
  }
  const keep = async (code: ScoringReason | 'DUPLICATE'): Promise<ScoringOutcome> => {
    await closeRescoreRequest(client, value.capture_id, code, now());
    record.logger.info({ code, tier: value.tier }, 're-score not applied: the earlier score stays');
    return skip(code);
  };
  if (!existing) return keep('SCORING_RESCORE_NOT_SCORED');
  if (!isBetterTier(value.tier, existing.record.tier)) return keep('DUPLICATE');
  const version = await scoredPlanogramVersion(client, value.capture_id);
  if (active === null || version !== active.version) return keep('SCORING_RESCORE_PLANOGRAM_CHANGED');
  const planogram = parseStoredPlanogram(active);
  if (!planogram.ok) return keep('SCORING_PLANOGRAM_INVALID');
  const scorability = judgeScorability(value, planogram.planogram, deps.minDetectionsWithoutShelf);
  if (scorability.kind === 'unscorable') return keep('SCORING_RESCORE_UNSCORABLE');
  const scored = computeScore(value, {
    planogram: planogram.planogram,
    version,
    confidenceFloor: deps.confidenceFloor,
    scoredAt: now(),
    supersedes: supersededScore(existing.record),
  });
  await supersedeResult(client, existing.record, existing.source, scored, source);
  await closeRescoreRequest(client, value.capture_id, 'superseded', scored.scored_at);
  record.logger.info(
    {
      tier: scored.tier,
      score: scored.score,
      supersededTier: existing.record.tier,
      supersededScore: existing.record.score,
    },
    're-scored by a better tier: the earlier score is superseded',
  );
  return ok(...(await scoredOutputs(client, deps.topics, scored, scored.scored_at, deps.minCoverage)));
}
