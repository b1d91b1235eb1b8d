import { blobStoreConfig } from '@shelfstream/blob-store';
import { defineConfig, envBool, envInt, envNumber } from '@shelfstream/config';
import { databaseConfig } from '@shelfstream/db';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Configuration of the scoring service (both roles), on top of the base service settings. */
export const scoringConfig = defineConfig({
  databaseUrl: {
    ...databaseConfig.databaseUrl,
    doc: 'PostgreSQL connection URL (planograms, results, rollups, capture states)',
  },
  dbPoolMax: {
    env: 'DB_POOL_MAX',
    schema: envInt({ min: 1, max: 100 }).default(5),
    doc: 'most PostgreSQL connections of the process',
  },
  scoringMaxBatchRecords: {
    env: 'SCORING_MAX_BATCH_RECORDS',
    schema: envInt({ min: 1, max: 1000 }).default(50),
    doc: 'most detections records scored and committed in one Kafka transaction (records)',
  },
  scoringConfidenceFloor: {
    env: 'SCORING_CONFIDENCE_FLOOR',
    schema: envNumber({ min: 0.01, max: 1 }).default(0.5),
    doc: 'confidence from which a matched facing counts in full; below it counts score/floor (0-1]',
  },
  scoringMinDetectionsWithoutShelf: {
    env: 'SCORING_MIN_DETECTIONS_WITHOUT_SHELF',
    schema: envInt({ min: 1, max: 1000 }).default(3),
    doc: 'a photo with no shelf line is scored only with this many detections (or the planogram facings, if fewer); else UNSCORABLE',
  },
  scoringMinCoverage: {
    env: 'SCORING_MIN_COVERAGE',
    schema: envNumber({ min: 0, max: 1 }).default(0.6),
    doc: 'share of the planned facings a photo must show; below it the part in view is scored and a recapture requested (0-1)',
  },
  rescoreEnabled: {
    env: 'SCORING_RESCORE_ENABLED',
    schema: envBool().default(true),
    doc: 'scorer: queue captures a lower tier scored while tier 1 was down; state-tracker role: run the re-score job',
  },
  rescoreIntervalMs: {
    env: 'SCORING_RESCORE_INTERVAL_MS',
    schema: envInt({ min: 100 }).default(5000),
    doc: 'state-tracker role: how often the re-score job sends due requests (ms)',
  },
  rescoreBatchSize: {
    env: 'SCORING_RESCORE_BATCH_SIZE',
    schema: envInt({ min: 1, max: 10_000 }).default(20),
    doc: 'most re-score requests sent per run: with the interval, the rate bound (requests)',
  },
  rescoreResendAfterMs: {
    env: 'SCORING_RESCORE_RESEND_AFTER_MS',
    schema: envInt({ min: 1000 }).default(5 * 60 * 1000),
    doc: 'a re-score request still open this long after it was sent is sent again (ms)',
  },
  rescoreMaxAttempts: {
    env: 'SCORING_RESCORE_MAX_ATTEMPTS',
    schema: envInt({ min: 1, max: 100 }).default(3),
    doc: 'most times one capture is sent for a re-score',
  },
  rescoreEvidenceWindowMs: {
    env: 'SCORING_RESCORE_EVIDENCE_WINDOW_MS',
    schema: envInt({ min: 1000 }).default(5 * 60 * 1000),
    doc: 'requests go out only while tier 1 has scored a capture within this window, after theirs (ms)',
  },
  archiveEnabled: {
    env: 'ARCHIVE_ENABLED',
    schema: envBool().default(false),
    doc: 'state-tracker role: run the archival job (SCORED -> ARCHIVED, blobs deleted)',
  },
  archiveRetentionMs: {
    env: 'ARCHIVE_RETENTION_MS',
    schema: envInt({ min: 1000 }).default(30 * DAY_MS),
    doc: 'how long after its score a capture is archived (ms)',
  },
  archiveIntervalMs: {
    env: 'ARCHIVE_INTERVAL_MS',
    schema: envInt({ min: 1000 }).default(60 * 60 * 1000),
    doc: 'how often the archival job runs (ms)',
  },
  archiveBatchSize: {
    env: 'ARCHIVE_BATCH_SIZE',
    schema: envInt({ min: 1, max: 100_000 }).default(500),
    doc: 'most captures archived per run (captures)',
  },
  // the store whose blobs the archival job deletes (blobs of other stores are kept); BLOB_STORE_DIR, scoring's
  // former folder setting, still works as a deprecated alias of BLOB_STORE_URL=file://<folder>
  ...blobStoreConfig,
});
