/**
 * The scoring service's library surface, used by shelfctl: planogram publishing, version-drift reprocessing and
 * capture history. The service itself runs from main.ts (`--role scorer` or `--role state-tracker`).
 *
 * @example
 * import { publishPlanogram, reprocessDrift, loadCaptureHistory } from '@shelfstream/scoring';
 * const outcome = await publishPlanogram(pool, planogram); // { kind: 'published' | 'unchanged' | ..., version }
 */

export { scoringConfig } from './config.js';
export {
  type CaptureHistory,
  type CaptureHistoryEntry,
  loadCaptureHistory,
} from './db/capture-store.js';
export { pendingHoldCount } from './db/drift-store.js';
export { type PublishOutcome, publishPlanogram } from './db/planogram-store.js';
export { type ScoringReasonCode, ScoringReasons } from './reasons.js';
export { type ReprocessDriftOptions, type ReprocessDriftReport, reprocessDrift } from './reprocess-drift.js';
export { type CaptureSnapshot, type CaptureState, CaptureStates } from './transform/capture-state.js';
