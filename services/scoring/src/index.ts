/**
 * The scoring service's own surface: its configuration schema and its reason codes. The service runs from main.ts
 * (`--role scorer` or `--role state-tracker`). What tools need from its tables (planogram publishing, capture
 * history, drift holds) is in `@shelfstream/db`; the drift reprocess job is `@shelfstream/drift-reprocess`.
 *
 * @example
 * import { ScoringReasons } from '@shelfstream/scoring';
 * ScoringReasons.SCORING_DB_UNAVAILABLE.retriable; // true
 */
export { scoringConfig } from './config.js';
export { type ScoringReason, ScoringReasons } from './reasons.js';
