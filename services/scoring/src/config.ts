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
