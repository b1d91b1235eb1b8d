import type { BlobStore } from '@shelfstream/blob-store';
import { archivableCaptures, recordCaptureEvent } from '@shelfstream/db';
import type { Logger } from '@shelfstream/observability';
import type pg from 'pg';
import { PeriodicRun } from '../periodic-run.js';
import type { ScoringReasons } from '../reasons.js';

/** Settings and dependencies of {@link ArchivalJob}. */
export interface ArchivalJobOptions {
  readonly pool: pg.Pool;
  /** The store whose blobs are deleted; blobs it does not own are kept (and logged). Null keeps every blob. */
  readonly blobStore: BlobStore | null;
  readonly retentionMs: number;
  readonly intervalMs: number;
  readonly batchSize: number;
  readonly logger: Logger;
  readonly now?: () => number;
}

/** What one archival run did. */
export interface ArchivalRun {
  readonly archived: number;
  readonly blobsDeleted: number;
  /** Captures left SCORED because a blob could not be deleted (tried again next run). */
  readonly failed: number;
}

/** The history source of archival events: not a Kafka record, one per capture. */
const ARCHIVAL_SOURCE = { topic: 'archival', partition: 0, offset: '0' } as const;

/**
 * The periodic archival job of the state-tracker role: captures scored more than `retentionMs` ago have their blobs
 * deleted and move to ARCHIVED. Off by default (ARCHIVE_ENABLED). Deleting is idempotent, so a run cut short is
 * simply finished by the next.
 */
export class ArchivalJob {
  readonly #options: ArchivalJobOptions;
  readonly #schedule: PeriodicRun;

  constructor(options: ArchivalJobOptions) {
    this.#options = options;
    this.#schedule = new PeriodicRun(
      () => this.runOnce(),
      (err) => options.logger.error({ err }, 'archival run failed'),
    );
  }

  /** Archives up to `batchSize` due captures now. */
  async runOnce(): Promise<ArchivalRun> {
    const { pool, blobStore, logger } = this.#options;
    const now = (this.#options.now ?? Date.now)();
    const due = await archivableCaptures(pool, now - this.#options.retentionMs, this.#options.batchSize);
    let archived = 0;
    let blobsDeleted = 0;
    let failed = 0;
    for (const capture of due) {
      try {
        for (const uri of capture.blobUris) {
          if (blobStore?.owns(uri)) {
            await blobStore.delete(uri);
            blobsDeleted += 1;
          } else {
            logger.debug({ captureId: capture.captureId, uri }, 'archival keeps a blob of another store');
          }
        }
      } catch (err) {
        failed += 1;
        const code = 'SCORING_ARCHIVE_BLOB_DELETE_FAILED' satisfies keyof typeof ScoringReasons;
        logger.warn({ err, code, captureId: capture.captureId }, 'archival could not delete a blob');
        continue;
      }
      await recordCaptureEvent(
        pool,
        { captureId: capture.captureId, state: 'ARCHIVED', occurredAt: now, detail: 'blobs deleted' },
        ARCHIVAL_SOURCE,
      );
      archived += 1;
    }
    if (due.length > 0) logger.info({ archived, blobsDeleted, failed }, 'archival run finished');
    return { archived, blobsDeleted, failed };
  }

  /** Runs the job every `intervalMs` (first run after one interval). */
  start(): void {
    this.#schedule.start(this.#options.intervalMs);
  }

  /** Stops the schedule and waits for a run in progress. */
  async stop(): Promise<void> {
    await this.#schedule.stop();
  }
}
