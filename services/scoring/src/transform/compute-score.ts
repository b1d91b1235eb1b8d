import type { ComplianceScored, DetectionsProduced, SupersededScore } from '@shelfstream/contracts';
import { type Planogram, scoreCapture } from '@shelfstream/planogram';
import { planogramId } from './planogram-id.js';
import { toComplianceScored } from './to-compliance-scored.js';
import { toScoreInput } from './to-score-input.js';

/** What {@link computeScore} needs besides the detections. */
export interface ScoreContext {
  readonly planogram: Planogram;
  /** Version of the planogram (the active one). */
  readonly version: number;
  readonly confidenceFloor: number;
  readonly scoredAt: number;
  /** The earlier score a re-score replaces; null for a first score. */
  readonly supersedes?: SupersededScore | null;
}

/** Scores one capture's detections against its planogram (pure). */
export function computeScore(value: DetectionsProduced, context: ScoreContext): ComplianceScored {
  const result = scoreCapture({
    ...toScoreInput(value),
    planogram: context.planogram,
    confidenceFloor: context.confidenceFloor,
  });
  return toComplianceScored(result, {
    record: value,
    planogram: context.planogram,
    planogramId: planogramId(value.store_id, value.aisle, context.version),
    scoredAt: context.scoredAt,
    supersedes: context.supersedes ?? null,
  });
}
