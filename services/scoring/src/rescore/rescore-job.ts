import type { RescoreRequested } from '@shelfstream/contracts';
import { withTransaction } from '@shelfstream/db';
import type { ProduceRequest } from '@shelfstream/kafka';
import type { Logger } from '@shelfstream/observability';
import type pg from 'pg';
import { dueRescores, markRescoresSent } from '../db/rescore-store.js';
import { PeriodicRun } from '../periodic-run.js';

/** Settings and dependencies of {@link RescoreJob}. */
export interface RescoreJobOptions {
  readonly pool: pg.Pool;
  /** Sends the requests (a `TypedProducer`). */
  readonly producer: { send(requests: readonly ProduceRequest[]): Promise<void> };
  /** The rescore topic (tier 1's rescore lane). */
  readonly topic: string;
  /** How often the job looks for due requests (ms). */
  readonly intervalMs: number;
  /** Most requests sent per tick: the rate bound. */
  readonly batchSize: number;
  /** A request sent this long ago and still open is sent again (ms). */
  readonly resendAfterMs: number;
  /** Most times one capture's request is sent. */
  readonly maxAttempts: number;
  /** The target tier must have scored a capture within this window (ms) for its requests to go out. */
  readonly evidenceWindowMs: number;
  readonly logger: Logger;
  /** Called with the number sent by each tick that sent some. */
  readonly onSent?: (count: number) => void;
  readonly now?: () => number;
}

/**
 * The re-score job of the state-tracker role. The scorer queues a capture a lower tier scored because tier 1 did
 * not answer (rescore_requests); every `intervalMs` this job sends up to `batchSize` of the oldest open requests to
 * tier 1's rescore lane, but only those after which tier 1 has scored a capture (within `evidenceWindowMs`): that
 * tier answers again, so the requests are not spent on a server that is still down. Tier 1 reads the lane only while
 * its breaker is closed and its other lanes are idle, and drops what it cannot serve; a request still open after
 * `resendAfterMs` goes out again, at most `maxAttempts` times. The scorer closes a request when it applies or refuses
 * the re-score, and supersedes a capture's score at most once per tier.
 *
 * The select locks its rows (`for update skip locked`) and the requests are marked sent in the same transaction
 * after Kafka acknowledged them: a failed send marks nothing (tried next tick); a crash between the two sends them
 * again, which the scorer's idempotency absorbs.
 */
export class RescoreJob {
  readonly #options: RescoreJobOptions;
  readonly #schedule: PeriodicRun;

  constructor(options: RescoreJobOptions) {
    this.#options = options;
    this.#schedule = new PeriodicRun(
      () => this.runOnce(),
      (err) => options.logger.warn({ err }, 're-score run failed: tried next tick'),
    );
  }

  /** Sends the due requests now; returns how many. */
  async runOnce(): Promise<number> {
    const o = this.#options;
    const now = (o.now ?? Date.now)();
    const sent = await withTransaction(o.pool, async (client) => {
      const due = await dueRescores(client, {
        limit: o.batchSize,
        resendBefore: now - o.resendAfterMs,
        maxAttempts: o.maxAttempts,
        evidenceAfter: now - o.evidenceWindowMs,
      });
      if (due.length === 0) return 0;
      await o.producer.send(
        due.map((d) => {
          const value: RescoreRequested = { ...d.request, requested_at: now };
          return { topic: o.topic, key: d.request.capture_id, value };
        }),
      );
      await markRescoresSent(
        client,
        due.map((d) => d.request.capture_id),
        now,
      );
      return due.length;
    });
    if (sent > 0) {
      o.logger.info({ sent }, 're-score requests sent to tier 1');
      o.onSent?.(sent);
    }
    return sent;
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
