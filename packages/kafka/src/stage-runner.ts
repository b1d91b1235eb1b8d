import { type Context, type Span, trace } from '@opentelemetry/api';
import { isStageError, type Outcome } from '@shelfstream/errors';
import {
  extractTraceContext,
  type Logger,
  recordLogger,
  startRecordSpan,
  traceHeaders,
  traceIdOf,
} from '@shelfstream/observability';
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Message } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { AvroCodec } from './avro-codec.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs } from './backoff.js';
import { ConsumerSupervisor } from './consumer-supervisor.js';
import { type DeadLetterStage, toDeadLetter } from './dead-letter.js';
import {
  type FirstOrigin,
  firstOriginHeaders,
  firstOriginOf,
  HeaderNames,
  headerInt,
  headerIntInRange,
  headerString,
} from './headers.js';
import { type StageMetrics, stageMetrics } from './stage-metrics.js';
import { TransactionalProducers } from './transactional-producers.js';

/** Largest `x-attempt` taken from a header (the DeadLetter's `attempts` is an Avro int). */
const MAX_ATTEMPT_HEADER = 1_000_000;
/** Largest epoch-ms taken from a header (year 9999). */
const MAX_EPOCH_MS = 253_402_300_799_999;

/** One decoded input record, as a stage's `process` sees it. */
export interface StageRecord<In> {
  /** The topic it was consumed from (an input topic or the stage's retry topic). */
  readonly topic: string;
  /** The input topic it first arrived on (differs from `topic` for retried records). */
  readonly originTopic: string;
  /**
   * Where this logical record was first consumed (topic, partition, offset), carried through the retry topic and DLQ
   * replays in `x-origin-*` headers: side-effect ledgers compare it to tell a redelivery (re-emit the output) from a
   * different record for the same capture (a duplicate).
   */
  readonly firstOrigin: FirstOrigin;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: In;
  /** The framed bytes as consumed: what a DLQ record or a retry carries. */
  readonly rawValue: Buffer;
  readonly headers: IHeaders;
  /** 1 for the first attempt, 2 for the first retry, ... */
  readonly attempt: number;
  /** When the mesh first saw this capture (epoch ms), carried along every stage. */
  readonly firstSeenMs: number;
  /** Trace context of this record's processing span: outputs carry it in `traceparent`. */
  readonly traceContext: Context;
  /** Logger whose lines carry capture_id and trace_id. */
  readonly logger: Logger;
}

/** A record for the stage to produce, with a typed value encoded by the topic's schema. */
export interface StageOutput {
  readonly topic: string;
  readonly key: string;
  readonly value: unknown;
  /** Extra headers; the standard ones are added by the runner. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a stage is: its inputs, its retry and DLQ policy and its `process` function. */
export interface StageDefinition<In> {
  /** Stage id: names the retry topic `shelf.retry.<name>.v1` and the metrics' `stage` label. */
  readonly name: string;
  readonly deadLetterStage: DeadLetterStage;
  readonly groupId: string;
  readonly inputTopics: readonly string[];
  /** The stage's retry topic; `null` disables retries (transient failures are then dead-lettered). */
  readonly retryTopic: string | null;
  readonly deadLetterTopic: string;
  readonly retryPolicy?: RetryPolicy;
  /** Most records handed to `process` (and committed) at once. @default 50 */
  readonly maxBatchRecords?: number;
  /** The capture id of a decoded value, for logs and the DLQ. @default the record key */
  readonly captureIdOf?: (value: In) => string | undefined;
  /** Output topics whose schema ids are looked up at start-up, so a registry outage later is only a retry. */
  readonly outputTopics?: readonly string[];
  /**
   * Group session timeout. A chunk's processing is bounded by two thirds of it (its records are then retried with
   * KAFKA_CHUNK_TIMEOUT), and the runner heartbeats while a chunk is processed. @default 30000 ms
   */
  readonly sessionTimeoutMs?: number;
  /**
   * Longest time a chunk is held and retried in place while a dependency is down (see the runner). @default 600000 ms
   */
  readonly maxOutageHoldMs?: number;
  /** Called when the stage should stop taking records (e.g. a downstream SLA breaker is open). */
  readonly isOverloaded?: () => boolean;
  /**
   * Processes a chunk of records of one partition, in order; returns one outcome per record, in the same order.
   * Side effects must be idempotent (the chunk is redone if the transaction fails).
   */
  readonly process: (records: readonly StageRecord<In>[]) => Promise<readonly Outcome<StageOutput>[]>;
}

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
  readonly #metrics: StageMetrics;
  readonly #policy: RetryPolicy;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #now: () => number;
  readonly #sessionTimeoutMs: number;
  readonly #heartbeatIntervalMs: number;
  #running = false;
  #pausedAll = false;
  #connected = false;

  constructor(definition: StageDefinition<In>, deps: StageRunnerDeps) {
    this.#def = definition;
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#policy = definition.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.#metrics = stageMetrics(deps.metrics);
    this.#producers = new TransactionalProducers(deps.kafka, `shelfstream.${definition.groupId}`);
    this.#sessionTimeoutMs = definition.sessionTimeoutMs ?? 30_000;
    this.#heartbeatIntervalMs = Math.min(3_000, Math.floor(this.#sessionTimeoutMs / 5));
    this.#supervisor = new ConsumerSupervisor({
      logger: deps.logger,
      create: () =>
        deps.kafka.consumer({
          groupId: definition.groupId,
          readUncommitted: false,
          sessionTimeout: this.#sessionTimeoutMs,
          heartbeatInterval: this.#heartbeatIntervalMs,
          // Bounded fetches keep a batch's handling time well under the session timeout (kafkajs#375).
          maxBytesPerPartition: 4 * 1024 * 1024,
          maxBytes: 16 * 1024 * 1024,
          retry: { retries: 10 },
        }),
      setUp: async (consumer) => {
        await consumer.subscribe({ topics: this.topics, fromBeginning: true });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: deps.partitionsConsumedConcurrently ?? 1,
          eachBatch: (payload) => this.#eachBatch(payload),
        });
        if (this.#pausedAll) consumer.pause(this.topics.map((topic) => ({ topic })));
      },
      // A crashed consumer's producers may sit in a failed transaction state: start over with new ones.
      beforeRecreate: () => this.#producers.closeAll(),
      onJoin: (memberAssignment) => {
        const assigned = new Map<string, number[]>(Object.entries(memberAssignment));
        this.#producers
          .retain(assigned)
          .catch((err: unknown) => deps.logger.warn({ err }, 'closing revoked producers failed'));
      },
      ...(deps.maxConsumerDownMs !== undefined ? { maxDownMs: deps.maxConsumerDownMs } : {}),
      ...(deps.onFatal ? { onFatal: deps.onFatal } : {}),
    });
  }

  get #consumer(): Consumer {
    return this.#supervisor.consumer;
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
    this.#pausedAll = true;
    this.#consumer.pause(this.topics.map((topic) => ({ topic })));
  }

  /** Resumes every input paused by {@link pause}. */
  resume(): void {
    this.#pausedAll = false;
    this.#consumer.resume(this.topics.map((topic) => ({ topic })));
  }

  /** Finishes the chunk in hand, commits it, leaves the group and closes the producers. */
  async stop(): Promise<void> {
    this.#running = false;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await this.#supervisor.stop();
    this.#connected = false;
    await this.#producers.closeAll();
  }

  async #eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const { topic, partition } = batch;
    this.#metrics.consumerLag.set(
      { group: this.#def.groupId, topic, partition: String(partition) },
      Number(batch.offsetLag()),
    );
    const chunkSize = this.#def.maxBatchRecords ?? 50;
    const messages = batch.messages;
    for (let start = 0; start < messages.length; start += chunkSize) {
      if (!this.#running || !isRunning() || isStale()) return;
      if (this.#pausedAll) return;
      if (this.#def.isOverloaded?.()) {
        this.#pauseUntilRelieved();
        return;
      }
      let chunk = messages.slice(start, start + chunkSize);
      const notDue = topic === this.#def.retryTopic ? this.#firstNotDue(chunk) : -1;
      if (notDue >= 0) chunk = chunk.slice(0, notDue);
      if (chunk.length > 0) {
        // An abandoned chunk (stopping or revoked while a dependency was down) is neither committed nor resolved:
        // this member or the partition's next owner reads it again.
        if (!(await this.#processChunk(topic, partition, chunk, payload))) return;
        for (const m of chunk) resolveOffset(m.offset);
        await heartbeat();
      }
      if (notDue >= 0) {
        const dueAt = headerInt(messages[start + notDue]?.headers, HeaderNames.dueMs, 0);
        this.#pauseRetryPartitionUntil(topic, partition, dueAt);
        return;
      }
    }
  }

  #firstNotDue(chunk: readonly KafkaMessage[]): number {
    const now = this.#now();
    return chunk.findIndex((m) => headerInt(m.headers, HeaderNames.dueMs, 0) > now);
  }

  /** Waits for a retry record's due time without blocking other partitions: pause just this one. */
  #pauseRetryPartitionUntil(topic: string, partition: number, dueAt: number): void {
    this.#consumer.pause([{ topic, partitions: [partition] }]);
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        if (this.#running && !this.#pausedAll) this.#consumer.resume([{ topic, partitions: [partition] }]);
      },
      Math.max(0, dueAt - this.#now()),
    );
    this.#timers.add(timer);
  }

  #pauseUntilRelieved(): void {
    if (this.#pausedAll) return;
    this.pause();
    this.#deps.logger.warn({ stage: this.#def.name }, 'stage overloaded: inputs paused');
    const poll = setInterval(() => {
      if (!this.#running) {
        clearInterval(poll);
        return;
      }
      if (!this.#def.isOverloaded?.()) {
        clearInterval(poll);
        this.resume();
        this.#deps.logger.info({ stage: this.#def.name }, 'stage relieved: inputs resumed');
      }
    }, 200);
    poll.unref();
  }

  async #processChunk(
    topic: string,
    partition: number,
    chunk: readonly KafkaMessage[],
    payload: Pick<EachBatchPayload, 'heartbeat' | 'isStale' | 'isRunning'>,
  ): Promise<boolean> {
    const started = process.hrtime.bigint();
    const prepared = await Promise.all(chunk.map((message) => this.#prepare(topic, partition, message)));
    const decoded = prepared.filter(
      (p): p is Prepared<In> & { record: StageRecord<In> } => p.record !== undefined,
    );
    const outcomes = await this.#processThroughOutages(
      payload,
      decoded.map((p) => p.record),
    );
    if (outcomes === 'abandoned') return false;
    decoded.forEach((p, i) => {
      p.outcome = outcomes[i];
    });

    const outTopics = new Map<string, Message[]>();
    const add = (t: string, m: Message) => {
      const list = outTopics.get(t) ?? [];
      list.push(m);
      outTopics.set(t, list);
    };
    for (const p of prepared) {
      await this.#route(topic, partition, p, add);
      p.span?.end();
    }

    // A member that lost the partition (evicted, rebalanced) must not commit: its successor reads the same records.
    await payload.heartbeat();
    if (payload.isStale() || !payload.isRunning()) {
      throw new Error(
        `partition ${topic}[${partition}] was revoked while its chunk was processed: not committing`,
      );
    }
    const producer = await this.#producers.forPartition(topic, partition);
    let transaction: Awaited<ReturnType<typeof producer.transaction>>;
    try {
      transaction = await producer.transaction();
    } catch (err) {
      await this.#producers.discard(topic, partition);
      throw err;
    }
    try {
      const topicMessages = [...outTopics].map(([t, messages]) => ({ topic: t, messages }));
      if (topicMessages.length > 0) await transaction.sendBatch({ topicMessages, acks: -1 });
      const last = chunk[chunk.length - 1] as KafkaMessage;
      await transaction.sendOffsets({
        consumerGroupId: this.#def.groupId,
        topics: [{ topic, partitions: [{ partition, offset: (BigInt(last.offset) + 1n).toString() }] }],
      });
      await this.#deps.beforeCommit?.({ topic, partition });
      await transaction.commit();
    } catch (err) {
      // A failed commit leaves a KafkaJS producer in COMMITTING, refusing abort() and the next transaction (and a
      // fenced one is dead): throw it away, the next chunk gets a new producer with the same transactional.id.
      const aborted = await transaction.abort().then(
        () => true,
        () => false,
      );
      if (!aborted || isProducerFatal(err)) await this.#producers.discard(topic, partition);
      throw err;
    }
    this.#metrics.batchSize.observe({ stage: this.#def.name }, chunk.length);
    this.#metrics.processingSeconds.observe(
      { stage: this.#def.name },
      Number(process.hrtime.bigint() - started) / 1e9,
    );
    return true;
  }

  /**
   * Processes the chunk; while any record fails only because a dependency is down (a retriable `*_UNAVAILABLE` code:
   * database, blob store, registry), waits with growing pauses and processes the chunk again, in place, instead of
   * spending the records' retry budget on an outage and dead-lettering them. After `maxOutageHoldMs` the outcomes
   * go their normal way (retry topic, then DLQ). 'abandoned' when the stage stops or loses the partition meanwhile.
   */
  async #processThroughOutages(
    payload: Pick<EachBatchPayload, 'heartbeat' | 'isStale' | 'isRunning'>,
    records: readonly StageRecord<In>[],
  ): Promise<readonly (Outcome<StageOutput> | undefined)[] | 'abandoned'> {
    const holdUntil = this.#now() + (this.#def.maxOutageHoldMs ?? 600_000);
    let pauseMs = 500;
    for (;;) {
      const outcomes = await this.#processWhileHeartbeating(payload, records);
      const outage = outcomes.find(isOutage);
      if (!outage || this.#now() >= holdUntil) return outcomes;
      this.#metrics.retries.inc({ stage: this.#def.name, reason: outage.code });
      this.#deps.logger.warn(
        {
          stage: this.#def.name,
          code: outage.code,
          pauseMs,
          err: outage.kind === 'retry' ? outage.error : undefined,
        },
        'a dependency is down: holding the chunk and trying it again',
      );
      const deadline = this.#now() + pauseMs;
      while (this.#now() < deadline) {
        if (!this.#running || !payload.isRunning() || payload.isStale()) return 'abandoned';
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, deadline - this.#now())));
        await payload.heartbeat().catch(() => undefined);
      }
      pauseMs = Math.min(30_000, pauseMs * 2);
    }
  }

  /**
   * Runs the stage's `process` while heartbeating the group, and bounds it: past two thirds of the session timeout
   * the chunk's records are retried (KAFKA_CHUNK_TIMEOUT) rather than committed by a member the group may already
   * have replaced.
   */
  async #processWhileHeartbeating(
    payload: Pick<EachBatchPayload, 'heartbeat'>,
    records: readonly StageRecord<In>[],
  ): Promise<readonly (Outcome<StageOutput> | undefined)[]> {
    const boundMs = Math.floor((this.#sessionTimeoutMs * 2) / 3);
    const beat = setInterval(() => {
      payload.heartbeat().catch((err: unknown) => this.#deps.logger.warn({ err }, 'heartbeat failed'));
    }, this.#heartbeatIntervalMs);
    let bound: NodeJS.Timeout | undefined;
    try {
      const running = this.#runProcess(records);
      const timedOut = new Promise<'timeout'>((resolve) => {
        bound = setTimeout(() => resolve('timeout'), boundMs);
      });
      const result = await Promise.race([running, timedOut]);
      if (result !== 'timeout') return result;
      // The late result is dropped: side effects are idempotent and the retried records re-emit their outputs.
      running.catch(() => undefined);
      this.#deps.logger.warn(
        { stage: this.#def.name, boundMs },
        'chunk processing ran past its bound: retrying',
      );
      const error = new Error(`chunk of ${records.length} records took longer than ${boundMs} ms`);
      return records.map(() => ({ kind: 'retry' as const, code: 'KAFKA_CHUNK_TIMEOUT', error }));
    } finally {
      clearInterval(beat);
      clearTimeout(bound);
    }
  }

  async #prepare(topic: string, partition: number, message: KafkaMessage): Promise<Prepared<In>> {
    const headers = message.headers ?? {};
    const originTopic =
      topic === this.#def.retryTopic ? (headerString(headers, HeaderNames.originTopic) ?? topic) : topic;
    // Headers are input: a producer outside the mesh may send anything (x-attempt: 3000000000 overflowed the
    // DeadLetter's int and stopped ingestion on that record).
    const attempt = headerIntInRange(headers, HeaderNames.attempt, 1, { min: 1, max: MAX_ATTEMPT_HEADER });
    const firstOrigin = firstOriginOf(
      headers,
      { topic, partition, offset: message.offset },
      this.#def.inputTopics,
    );
    const parent = extractTraceContext(headers);
    const span = startRecordSpan(`${this.#def.name}.process`, parent, {
      'messaging.destination.name': topic,
      'messaging.kafka.partition': partition,
      'messaging.kafka.offset': message.offset,
    });
    const base: Prepared<In> = { message, topic, partition, originTopic, firstOrigin, attempt, span };
    try {
      const value = await this.#deps.codec.decode<In>(message.value, originTopic);
      const key = message.key?.toString('utf8') ?? null;
      const captureId = this.#def.captureIdOf?.(value) ?? key ?? undefined;
      const traceContext = trace.setSpan(parent, span);
      return {
        ...base,
        captureId,
        record: {
          topic,
          originTopic,
          firstOrigin,
          partition,
          offset: message.offset,
          key,
          value,
          rawValue: message.value ?? Buffer.alloc(0),
          headers,
          attempt,
          firstSeenMs: headerIntInRange(headers, HeaderNames.firstSeenMs, Number(message.timestamp), {
            min: 0,
            max: MAX_EPOCH_MS,
          }),
          traceContext,
          logger: recordLogger(this.#deps.logger, { captureId, traceId: traceIdOf(span) }),
        },
      };
    } catch (err) {
      // A registry outage is not the record's fault: fail the chunk, the consumer retries it later.
      if (isStageError(err) && err.retriable) throw err;
      const error = err instanceof Error ? err : new Error(String(err));
      const code = isStageError(err) ? err.code : 'KAFKA_DECODE_FAILED';
      return { ...base, outcome: { kind: 'dead-letter', code, error } };
    }
  }

  async #runProcess(
    records: readonly StageRecord<In>[],
  ): Promise<readonly (Outcome<StageOutput> | undefined)[]> {
    if (records.length === 0) return [];
    try {
      const outcomes = await this.#def.process(records);
      if (outcomes.length !== records.length) {
        throw new Error(`process returned ${outcomes.length} outcomes for ${records.length} records`);
      }
      return outcomes;
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      if (isStageError(err)) {
        const outcome: Outcome<StageOutput> = err.retriable
          ? { kind: 'retry', code: err.code, error }
          : { kind: 'dead-letter', code: err.code, error };
        return records.map(() => outcome);
      }
      this.#deps.logger.error(
        { err: error, stage: this.#def.name },
        'stage threw instead of returning outcomes',
      );
      return records.map(() => ({ kind: 'dead-letter' as const, code: 'STAGE_UNHANDLED_ERROR', error }));
    }
  }

  async #route(
    topic: string,
    partition: number,
    p: Prepared<In>,
    add: (topic: string, message: Message) => void,
  ): Promise<void> {
    const stage = this.#def.name;
    const outcome = p.outcome ?? {
      kind: 'dead-letter' as const,
      code: 'STAGE_UNHANDLED_ERROR',
      error: new Error('no outcome'),
    };
    const log =
      p.record?.logger ??
      recordLogger(this.#deps.logger, { captureId: p.captureId, traceId: traceIdOf(p.span) });
    if (outcome.kind === 'ok') {
      try {
        const encoded = await Promise.all(outcome.outputs.map(async (o) => this.#encodeOutput(o, p)));
        for (const [i, m] of encoded.entries()) add((outcome.outputs[i] as StageOutput).topic, m);
        this.#metrics.records.inc({ stage, outcome: 'ok' });
        return;
      } catch (err) {
        if (isStageError(err) && err.retriable) throw err;
        const error = err instanceof Error ? err : new Error(String(err));
        const code = isStageError(err) ? err.code : 'KAFKA_ENCODE_FAILED';
        log.error({ err: error, code }, 'output could not be encoded: dead-lettering the input');
        add(
          this.#def.deadLetterTopic,
          await this.#deadLetterMessage(topic, partition, p, code, false, error),
        );
        return;
      }
    }
    if (outcome.kind === 'skip') {
      this.#metrics.records.inc({ stage, outcome: outcome.code === 'DUPLICATE' ? 'duplicate' : 'skip' });
      return;
    }
    if (outcome.kind === 'retry' && this.#def.retryTopic && p.attempt < this.#policy.maxAttempts) {
      const delay = retryDelayMs(this.#policy, p.attempt);
      log.warn(
        { code: outcome.code, attempt: p.attempt, delayMs: delay, err: outcome.error },
        'transient failure: retrying',
      );
      add(this.#def.retryTopic, this.#retryMessage(p, outcome.code, delay));
      this.#metrics.retries.inc({ stage, reason: outcome.code });
      this.#metrics.records.inc({ stage, outcome: 'retry' });
      return;
    }
    const retriable = outcome.kind === 'retry';
    log.error({ code: outcome.code, attempts: p.attempt, err: outcome.error }, 'dead-lettering record');
    add(
      this.#def.deadLetterTopic,
      await this.#deadLetterMessage(topic, partition, p, outcome.code, retriable, outcome.error),
    );
  }

  async #encodeOutput(output: StageOutput, p: Prepared<In>): Promise<Message> {
    const record = p.record as StageRecord<In>;
    return {
      key: output.key,
      value: await this.#deps.codec.encode(output.topic, output.value),
      headers: {
        ...traceHeaders(record.traceContext),
        [HeaderNames.attempt]: '1',
        [HeaderNames.firstSeenMs]: String(record.firstSeenMs),
        [HeaderNames.originTopic]: record.originTopic,
        ...output.headers,
      },
    };
  }

  #retryMessage(p: Prepared<In>, code: string, delayMs: number): Message {
    const now = this.#now();
    const headers = { ...p.message.headers };
    return {
      key: p.message.key,
      value: p.message.value,
      headers: {
        ...headers,
        ...(p.record ? traceHeaders(p.record.traceContext) : {}),
        [HeaderNames.attempt]: String(p.attempt + 1),
        [HeaderNames.firstSeenMs]: String(p.record?.firstSeenMs ?? now),
        ...firstOriginHeaders(p.firstOrigin),
        [HeaderNames.dueMs]: String(now + delayMs),
        [HeaderNames.firstFailureMs]:
          headerString(p.message.headers, HeaderNames.firstFailureMs) ?? String(now),
        [HeaderNames.lastReason]: code,
      },
    };
  }

  async #deadLetterMessage(
    topic: string,
    partition: number,
    p: Prepared<In>,
    code: string,
    retriable: boolean,
    error: Error,
  ): Promise<Message> {
    this.#metrics.deadLetters.inc({ stage: this.#def.name, reason: code });
    this.#metrics.records.inc({ stage: this.#def.name, outcome: 'dead_letter' });
    const value = toDeadLetter(
      {
        topic,
        partition,
        offset: p.message.offset,
        key: p.message.key,
        value: p.message.value,
        headers: p.message.headers,
      },
      {
        stage: this.#def.deadLetterStage,
        code,
        retriable,
        error,
        attempts: p.attempt,
        captureId: p.captureId,
        now: this.#now(),
      },
    );
    let encoded: Buffer;
    try {
      encoded = await this.#deps.codec.encode(this.#def.deadLetterTopic, value);
    } catch (err) {
      if (isStageError(err) && err.retriable) throw err;
      // Whatever in the input made the DeadLetter unencodable must not stop the partition: keep the bytes, drop
      // the headers, say why.
      encoded = await this.#deps.codec.encode(this.#def.deadLetterTopic, {
        ...value,
        original_headers: {},
        error_message: `${error.message} (original headers dropped: ${(err as Error).message})`,
      });
    }
    return {
      key: p.message.key,
      value: encoded,
      headers: {
        ...(p.record ? traceHeaders(p.record.traceContext) : {}),
        [HeaderNames.attempt]: String(p.attempt),
        [HeaderNames.originTopic]: p.originTopic,
      },
    };
  }
}

/** A retriable failure that says a dependency is down, not that the record is at fault. */
function isOutage(
  outcome: Outcome<StageOutput> | undefined,
): outcome is Outcome<StageOutput> & { code: string } {
  return outcome?.kind === 'retry' && outcome.code.endsWith('_UNAVAILABLE');
}

/** Producer errors after which the producer cannot be used again (fenced, or its transaction state lost). */
function isProducerFatal(err: unknown): boolean {
  const type = (err as { type?: unknown }).type;
  return (
    type === 'PRODUCER_FENCED' ||
    type === 'INVALID_PRODUCER_EPOCH' ||
    type === 'INVALID_TXN_STATE' ||
    type === 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED' ||
    (err as { name?: unknown }).name === 'KafkaJSNonRetriableError'
  );
}

interface Prepared<In> {
  readonly message: KafkaMessage;
  readonly topic: string;
  readonly partition: number;
  readonly originTopic: string;
  readonly firstOrigin: FirstOrigin;
  readonly attempt: number;
  readonly span: Span;
  readonly captureId?: string | undefined;
  readonly record?: StageRecord<In>;
  outcome?: Outcome<StageOutput> | undefined;
}
