/**
 * The version-drift reprocess job: captures the scorer held because their planogram version was not the active one
 * are republished to the detections topic once it is, with a checkpoint per capture in PostgreSQL. Run by
 * `shelfctl reprocess drift` and by the demo. Not pure data access (it produces to Kafka), so it sits above
 * `@shelfstream/db` and `@shelfstream/kafka` rather than in either.
 *
 * @example
 * import { reprocessDrift } from '@shelfstream/drift-reprocess';
 * const report = await reprocessDrift({ pool, producer, topics: topicNames(namespace), concurrency: 4 });
 * // { total, republished, alreadyDone, failed }
 */
export { type ReprocessDriftOptions, type ReprocessDriftReport, reprocessDrift } from './reprocess-drift.js';
