import { ConsumerGroups } from '@shelfstream/contracts';
import { recordCaptureEvents, type SourcedEvent } from '@shelfstream/db';
import { isStageError, StageError } from '@shelfstream/errors';
import { type AvroCodec, ConsumerSupervisor } from '@shelfstream/kafka';
import type { Logger } from '@shelfstream/observability';
import type { EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type pg from 'pg';
import { captureToScoreSeconds } from '../transform/capture-to-score-latency.js';
import { type TrackedRecord, type TrackedTopicKind, toCaptureEvent } from '../transform/to-capture-event.js';
import type { TrackerMetrics } from './tracker-metrics.js';

/** Most events recorded in one database transaction. */
const TRACKER_CHUNK = 100;

/** Dependencies of {@link StateTracker}. */
export interface StateTrackerDeps {
  readonly kafka: Kafka;
  readonly codec: AvroCodec;
  readonly pool: pg.Pool;
  readonly logger: Logger;
  readonly metrics: TrackerMetrics;
  /** Topic -> what its records mean (see `trackedTopics`). */
  readonly topics: ReadonlyMap<string, TrackedTopicKind>;
  /** @default ConsumerGroups['state-tracker'].main ('shelfstream-state-tracker') */
  readonly groupId?: string;
}

/**
 * The state tracker: a consumer group of its own reading every stage topic and the DLQ, keeping each capture's state
 * in PostgreSQL.
 *
 * It only reads, so it uses a plain read_committed consumer instead of the transactional StageRunner: it has no
 * output to commit atomically with its offsets, and the StageRunner would dead-letter records when PostgreSQL is down
 * (onto the DLQ this very tracker reads). Instead, each event is written idempotently (keyed by its source record, see
 * `recordCaptureEvents`, a chunk of a batch per database transaction) before its offset is resolved; a database failure fails the batch and the consumer reads it
 * again (at-least-once delivery + idempotent writes = each event applied once).
 */
export class StateTracker {
  readonly #deps: StateTrackerDeps;
  // Replaces a consumer KafkaJS gave up on (a broker outage past its retry budget), like the StageRunner does.
  readonly #supervisor: ConsumerSupervisor;
  #connected = false;

  constructor(deps: StateTrackerDeps) {
    this.#deps = deps;
    this.#supervisor = new ConsumerSupervisor({
      logger: deps.logger,
      create: () =>
        deps.kafka.consumer({
          groupId: deps.groupId ?? ConsumerGroups['state-tracker'].main,
          readUncommitted: false,
          sessionTimeout: 30_000,
          heartbeatInterval: 3_000,
          maxBytesPerPartition: 4 * 1024 * 1024,
        }),
      setUp: async (consumer) => {
        await consumer.subscribe({ topics: [...this.#deps.topics.keys()], fromBeginning: true });
        await consumer.run({
          autoCommit: true,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: 2,
          eachBatch: (payload) => this.#eachBatch(payload),
        });
      },
    });
  }

  /** True while the consumer runs in its group (for `/readyz`); false from a crash until it is back. */
  get connected(): boolean {
    return this.#connected && this.#supervisor.ready;
  }

  /** Joins the group and starts reading every tracked topic from the beginning. */
  async start(): Promise<void> {
    await this.#supervisor.start();
    this.#connected = true;
  }

  /** Finishes the record in hand, commits resolved offsets and leaves the group. */
  async stop(): Promise<void> {
    await this.#supervisor.stop();
    this.#connected = false;
  }

  async #eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } = payload;
    const kind = this.#deps.topics.get(batch.topic);
    // Chunks of the batch, each recorded in one database transaction: a few round trips per chunk, not per event.
    for (let start = 0; start < batch.messages.length; start += TRACKER_CHUNK) {
      if (!isRunning() || isStale()) break;
      const chunk = batch.messages.slice(start, start + TRACKER_CHUNK);
      if (kind) await this.#track(kind, batch.topic, batch.partition, chunk);
      for (const message of chunk) resolveOffset(message.offset);
      await heartbeat();
    }
    await commitOffsetsIfNecessary();
  }

  async #track(
    kind: TrackedTopicKind,
    topic: string,
    partition: number,
    messages: readonly KafkaMessage[],
  ): Promise<void> {
    const { logger, metrics } = this.#deps;
    const items: SourcedEvent[] = [];
    for (const { offset, value } of messages) {
      let decoded: unknown;
      try {
        decoded = await this.#deps.codec.decode(value, topic);
      } catch (err) {
        if (isStageError(err) && err.retriable) throw err;
        // Not ours to dead-letter (we only read): count it and move on.
        logger.warn({ err, topic, partition, offset }, 'state tracker skipped an undecodable record');
        metrics.records.inc({ stage: 'state-tracker', outcome: 'skip' });
        continue;
      }
      const event = toCaptureEvent({ kind, value: decoded } as TrackedRecord);
      if (!event) {
        metrics.records.inc({ stage: 'state-tracker', outcome: 'skip' });
        continue;
      }
      items.push({ event, source: { topic, partition, offset } });
    }
    const recorded = await recordCaptureEvents(this.#deps.pool, items).catch((err: unknown) => {
      // Fails the batch: the consumer reads it again from the last committed offset.
      throw new StageError('SCORING_TRACKER_DB_UNAVAILABLE', `cannot record capture state: ${String(err)}`, {
        retriable: true,
        cause: err,
      });
    });
    recorded.forEach((r, i) => {
      if (!r) {
        metrics.records.inc({ stage: 'state-tracker', outcome: 'duplicate' });
        return;
      }
      metrics.records.inc({ stage: 'state-tracker', outcome: 'ok' });
      const latency = captureToScoreSeconds(r.before, r.next);
      if (latency !== null) metrics.captureToScoreSeconds.observe(latency);
      if (r.applied) {
        logger.debug({ captureId: items[i]?.event.captureId, state: r.next.state }, 'capture state moved');
      }
    });
  }
}
