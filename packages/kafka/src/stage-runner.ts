import type { Logger } from '@shelfstream/observability';
import type { EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { AvroCodec } from './avro-codec.js';
import { DEFAULT_RETRY_POLICY } from './backoff.js';
import { processWithinBound } from './bounded-process.js';
import { commitChunk, type Membership } from './chunk-transaction.js';
import { uncommittedRecords } from './committed-position.js';
import type { ConsumerSupervisor } from './consumer-supervisor.js';
import { type DecodeContext, decodeRecord } from './decode-record.js';
import { InputPauses } from './input-pauses.js';
import { processThroughOutages } from './outage-hold.js';
import { gateRetryChunk } from './retry-gate.js';
import { logDisposition, type RoutingContext, routeOutcome } from './route-outcome.js';
import { superviseStageConsumer } from './stage-consumer.js';
import type { StageDefinition, StageRecord } from './stage-definition.js';
import type { OutgoingMessage } from './stage-messages.js';
import { stageMetrics } from './stage-metrics.js';
import { StageMetricsRecorder } from './stage-metrics-recorder.js';
import { TransactionalProducers } from './transactional-producers.js';

/** Dependencies of {@link StageRunner}. */
export interface StageRunnerDeps {
  readonly kafka: Kafka;
  readonly codec: AvroCodec;
  readonly logger: Logger;
  readonly metrics: Registry;
  /** Injectable clock for tests. */
  readonly now?: () => number;
  /**
   * Fault injection for tests: called after a chunk's records are sent in its transaction and before the commit,
   * the window where a crash must not leave duplicates.
   */
  readonly beforeCommit?: (chunk: {
    readonly topic: string;
    readonly partition: number;
  }) => Promise<void> | void;
  /**
   * Partitions processed at once (KafkaJS `partitionsConsumedConcurrently`): while one chunk waits on its
   * transaction's round trips, another partition's chunk is worked on. Order holds within a partition, and each
   * partition has its own transactional producer, so exactly-once is unchanged. @default 1
   */
  readonly partitionsConsumedConcurrently?: number;
  /** How long the consumer may stay crashed before the process gives up (see ConsumerSupervisor). @default 10 min */
  readonly maxConsumerDownMs?: number;
  /** Called when the consumer stayed down past `maxConsumerDownMs` (default: exit 1 so it is restarted). */
  readonly onFatal?: (error: Error) => void;
}

/**
 * Runs a consume -> transform -> produce stage with exactly-once semantics inside Kafka.
 *
 * Each chunk of a partition's batch is processed, then its outputs, retries and dead letters are produced and the
 * input offsets committed in ONE Kafka transaction (idempotent transactional producer per input partition; the
 * consumer reads read_committed). A crash anywhere before the commit aborts the transaction: the chunk is consumed
 * again, and read_committed consumers never see its first outputs.
 *
 * Retried records wait on the stage's retry topic until their `x-due-ms`: the runner pauses only that partition of
 * the retry topic until then, so other partitions keep flowing. `stop()` finishes the chunk in hand, commits it and
 * leaves the group.
 */
export class StageRunner<In> {
  readonly #def: StageDefinition<In>;
  readonly #deps: StageRunnerDeps;
  readonly #supervisor: ConsumerSupervisor;
  readonly #producers: TransactionalProducers;
  readonly #metrics: StageMetricsRecorder;
  readonly #decoding: DecodeContext<In>;
  readonly #routing: RoutingContext;
  readonly #pauses: InputPauses;
  readonly #now: () => number;
  readonly #sessionTimeoutMs: number;
  readonly #heartbeatIntervalMs: number;
  #running = false;
  #connected = false;

  constructor(definition: StageDefinition<In>, deps: StageRunnerDeps) {
    this.#def = definition;
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#metrics = new StageMetricsRecorder(stageMetrics(deps.metrics), {
      stage: definition.name,
      group: definition.groupId,
    });
    this.#decoding = { definition, codec: deps.codec, logger: deps.logger };
    this.#routing = {
      codec: deps.codec,
      retryTopic: definition.retryTopic,
      deadLetterTopic: definition.deadLetterTopic,
      deadLetterStage: definition.deadLetterStage,
      policy: definition.retryPolicy ?? DEFAULT_RETRY_POLICY,
      now: this.#now,
    };
    this.#producers = new TransactionalProducers(deps.kafka, {
      transactionalIdPrefix: `shelfstream.${definition.groupId}`,
      groupId: definition.groupId,
    });
    this.#sessionTimeoutMs = definition.sessionTimeoutMs ?? 30_000;
    this.#heartbeatIntervalMs = Math.min(3_000, Math.floor(this.#sessionTimeoutMs / 5));
    this.#supervisor = superviseStageConsumer({
      kafka: deps.kafka,
      logger: deps.logger,
      groupId: definition.groupId,
      topics: this.topics,
      sessionTimeoutMs: this.#sessionTimeoutMs,
      heartbeatIntervalMs: this.#heartbeatIntervalMs,
      partitionsConsumedConcurrently: deps.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.#eachBatch(payload),
      pausedAll: () => this.#pauses.all,
      producers: this.#producers,
      maxDownMs: deps.maxConsumerDownMs,
      onFatal: deps.onFatal,
    });
    this.#pauses = new InputPauses({
      consumer: () => this.#supervisor.consumer,
      topics: this.topics,
      running: () => this.#running,
      now: this.#now,
      logger: deps.logger,
      stage: definition.name,
      isOverloaded: definition.isOverloaded,
    });
  }

  /** Topics the runner consumes: the inputs and the retry topic. */
  get topics(): string[] {
    return [...this.#def.inputTopics, ...(this.#def.retryTopic ? [this.#def.retryTopic] : [])];
  }

  /** True between `start()` and `stop()`. */
  get running(): boolean {
    return this.#running;
  }

  /**
   * True while the consumer runs in its group (for `/readyz`): false before the first join, and from a consumer crash
   * until its replacement has joined.
   */
  get connected(): boolean {
    return this.#connected && this.#supervisor.ready;
  }

  /**
   * Resolves the schema ids of every input and output topic and the DLQ (fail fast: a registry outage later is then
   * only ever a retry), joins the group and starts consuming.
   */
  async start(): Promise<void> {
    const topics = new Set([
      ...this.#def.inputTopics,
      ...(this.#def.outputTopics ?? []),
      this.#def.deadLetterTopic,
    ]);
    for (const topic of topics) await this.#deps.codec.writerId(topic);
    this.#running = true;
    await this.#supervisor.start();
    this.#connected = true;
  }

  /** Stops taking records from every input (backpressure); records in hand finish. */
  pause(): void {
    this.#pauses.pauseAll();
  }

  /** Resumes every input paused by {@link pause}. */
  resume(): void {
    this.#pauses.resumeAll();
  }

  /** Finishes the chunk in hand, commits it, leaves the group and closes the producers. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#pauses.clear();
    await this.#supervisor.stop();
    this.#connected = false;
    await this.#producers.closeAll();
  }

  async #eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const { topic, partition } = batch;
    this.#metrics.lag(topic, partition, Number(batch.offsetLag()));
    const chunkSize = this.#def.maxBatchRecords ?? 50;
    for (let start = 0; start < batch.messages.length; start += chunkSize) {
      if (!this.#running || !isRunning() || isStale()) return;
      if (this.#pauses.all) return;
      if (this.#def.isOverloaded?.()) {
        this.#pauses.untilRelieved();
        return;
      }
      const chunk = batch.messages.slice(start, start + chunkSize);
      const { due, waitUntilMs } =
        topic === this.#def.retryTopic
          ? gateRetryChunk(chunk, this.#now())
          : { due: chunk, waitUntilMs: undefined };
      if (due.length > 0) {
        // Records below the settled committed position were committed already (the consumer's position was read
        // before an earlier commit had landed): they are skipped, not produced twice.
        const todo = uncommittedRecords(due, await this.#producers.committedPosition(topic, partition));
        // An abandoned chunk (stopping or revoked while a dependency was down) is neither committed nor resolved:
        // this member or the partition's next owner reads it again.
        if (todo.length > 0 && !(await this.#processChunk(topic, partition, todo, payload))) return;
        for (const m of due) resolveOffset(m.offset);
        await heartbeat();
      }
      if (waitUntilMs !== undefined) {
        this.#pauses.untilDue(topic, partition, waitUntilMs);
        return;
      }
    }
  }

  /** Decode, process (held through outages), route, commit; false when the chunk was abandoned. */
  async #processChunk(
    topic: string,
    partition: number,
    chunk: readonly KafkaMessage[],
    membership: Membership,
  ): Promise<boolean> {
    const started = process.hrtime.bigint();
    const decoded = await Promise.all(
      chunk.map((m) => decodeRecord(m, { topic, partition }, this.#decoding)),
    );
    const records = decoded.flatMap((d) => (d.kind === 'decoded' ? [d.record] : []));
    const outcomes = await this.#processThroughOutages(records, membership);
    if (outcomes === 'abandoned') return false;
    const outcomeOf = new Map(records.map((record, i) => [record, outcomes[i]]));

    const messages: OutgoingMessage[] = [];
    for (const d of decoded) {
      const routed = await routeOutcome(
        d,
        d.kind === 'decoded' ? outcomeOf.get(d.record) : undefined,
        this.#routing,
      );
      this.#metrics.disposition(routed.disposition);
      logDisposition(d.logger, routed.disposition);
      d.span.end();
      messages.push(...routed.messages);
    }

    const firstOffset = (chunk[0] as KafkaMessage).offset;
    const lastOffset = (chunk[chunk.length - 1] as KafkaMessage).offset;
    await commitChunk(
      { topic, partition, firstOffset, lastOffset, messages },
      {
        groupId: this.#def.groupId,
        producers: this.#producers,
        membership,
        beforeCommit: this.#deps.beforeCommit,
      },
    );
    this.#metrics.chunk(chunk.length, Number(process.hrtime.bigint() - started) / 1e9);
    return true;
  }

  #processThroughOutages(records: readonly StageRecord<In>[], membership: Membership) {
    const { name } = this.#def;
    const bound = {
      boundMs: Math.floor((this.#sessionTimeoutMs * 2) / 3),
      heartbeatIntervalMs: this.#heartbeatIntervalMs,
      heartbeat: () => membership.heartbeat(),
      logger: this.#deps.logger,
      stage: name,
    };
    return processThroughOutages(() => processWithinBound(this.#def.process, records, bound), {
      holdMs: this.#def.maxOutageHoldMs ?? 600_000,
      now: this.#now,
      abandoned: () => !this.#running || !membership.isRunning() || membership.isStale(),
      heartbeat: () => membership.heartbeat(),
      onHold: (outage, pauseMs) => {
        this.#metrics.outageHold(outage.code);
        this.#deps.logger.warn(
          { stage: name, code: outage.code, pauseMs, err: outage.error },
          'a dependency is down: holding the chunk and trying it again',
        );
      },
    });
  }
}
