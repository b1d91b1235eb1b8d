import type { Admin, Kafka, Producer } from 'kafkajs';
import { type CommittedPosition, NOTHING_COMMITTED, toCommittedPosition } from './committed-position.js';

/** Settings of {@link TransactionalProducers}. */
export interface TransactionalProducersOptions {
  /** Start of every transactional.id: `<prefix>.<topic>.<partition>`. */
  readonly transactionalIdPrefix: string;
  /** The consumer group whose offsets the producers commit. */
  readonly groupId: string;
}

/** A partition's producer and the position known to be committed for that partition while it lives. */
interface PartitionProducer {
  readonly producer: Producer;
  position: CommittedPosition;
}

/**
 * One transactional producer per assigned input partition, with a transactional.id derived from the group, topic and
 * partition. KafkaJS has no consumer-group fencing for TxnOffsetCommit (KIP-447), so zombies are fenced the old way:
 * whoever owns a partition next initialises the same transactional.id, which aborts and fences the previous owner
 * (PITFALLS.md).
 *
 * Each producer also knows the partition's settled committed position. The consumer's own position comes from an
 * OffsetFetch that KafkaJS 2.2.4 sends without `requireStable` (KIP-447): read while an earlier commit is still being
 * completed by the broker (its EndTxn timed out on the client but landed, or was answered before the markers were
 * written), it is the old one, and the chunk comes again. A new producer's InitProducerId is answered only once the
 * transactional.id's previous transaction is complete, so the committed offset read after it is settled; from then
 * on this producer's own commits move it.
 */
export class TransactionalProducers {
  readonly #kafka: Kafka;
  readonly #prefix: string;
  readonly #groupId: string;
  readonly #producers = new Map<string, Promise<PartitionProducer>>();
  #admin: Promise<Admin> | undefined;

  constructor(kafka: Kafka, options: TransactionalProducersOptions) {
    this.#kafka = kafka;
    this.#prefix = options.transactionalIdPrefix;
    this.#groupId = options.groupId;
  }

  /** The connected, initialised producer of one input partition (created on first use). */
  async forPartition(topic: string, partition: number): Promise<Producer> {
    return (await this.#partition(topic, partition)).producer;
  }

  /**
   * The partition's committed position, settled: every record below it was committed, and nothing at or after it is
   * committed but by this producer. Creates the producer if needed; costs nothing for a producer that has one.
   */
  async committedPosition(topic: string, partition: number): Promise<CommittedPosition> {
    return (await this.#partition(topic, partition)).position;
  }

  /** Records that the partition's producer committed up to `position` (after its transaction's commit succeeded). */
  async markCommitted(topic: string, partition: number, position: CommittedPosition): Promise<void> {
    const entry = await this.#producers.get(this.#id(topic, partition))?.catch(() => undefined);
    if (entry && position > entry.position) entry.position = position;
  }

  /** Disconnects producers of partitions no longer assigned to this member. */
  async retain(assigned: ReadonlyMap<string, readonly number[]>): Promise<void> {
    const keep = new Set<string>();
    for (const [topic, partitions] of assigned) {
      for (const p of partitions) keep.add(this.#id(topic, p));
    }
    await Promise.all(
      [...this.#producers.keys()].filter((id) => !keep.has(id)).map(async (id) => this.#close(id)),
    );
  }

  /**
   * Drops the producer of one input partition (after a failed commit or abort it is unusable: KafkaJS leaves it in
   * COMMITTING); the next {@link forPartition} makes a new one with the same transactional.id, whose
   * initialisation waits for (or aborts) whatever the old one left, and reads the settled position again.
   */
  async discard(topic: string, partition: number): Promise<void> {
    await this.#close(this.#id(topic, partition));
  }

  /** Disconnects every producer (and the admin client that reads committed positions). */
  async closeAll(): Promise<void> {
    const admin = this.#admin;
    this.#admin = undefined;
    await Promise.all([
      ...[...this.#producers.keys()].map(async (id) => this.#close(id)),
      admin?.then((a) => a.disconnect()).catch(() => undefined),
    ]);
  }

  #id(topic: string, partition: number): string {
    return `${this.#prefix}.${topic}.${partition}`;
  }

  #partition(topic: string, partition: number): Promise<PartitionProducer> {
    const id = this.#id(topic, partition);
    let entry = this.#producers.get(id);
    if (!entry) {
      entry = this.#connect(id, topic, partition);
      entry.catch(() => {
        if (this.#producers.get(id) === entry) this.#producers.delete(id);
      });
      this.#producers.set(id, entry);
    }
    return entry;
  }

  async #connect(transactionalId: string, topic: string, partition: number): Promise<PartitionProducer> {
    const producer = this.#kafka.producer({
      transactionalId,
      idempotent: true,
      // Exactly-once in KafkaJS needs one request in flight (docs/Transactions.md).
      maxInFlightRequests: 1,
      transactionTimeout: 60_000,
    });
    try {
      await producer.connect();
      // KafkaJS's connect() gets an idempotent producer id only; the transactional InitProducerId runs at the first
      // transaction() (kafkajs/src/producer/index.js). The coordinator answers it (KafkaJS retries
      // CONCURRENT_TRANSACTIONS) once the transactional.id's previous transaction is committed or aborted, markers
      // written. An empty transaction sends nothing else: no partition or offset was added, so no EndTxn.
      await (await producer.transaction()).abort();
      return { producer, position: await this.#fetchCommitted(topic, partition) };
    } catch (err) {
      await producer.disconnect().catch(() => undefined);
      throw err;
    }
  }

  /** The group's committed offset of one partition (OffsetFetch), read once a new producer settled it. */
  async #fetchCommitted(topic: string, partition: number): Promise<CommittedPosition> {
    const admin = await this.#connectedAdmin();
    const [answer] = await admin.fetchOffsets({ groupId: this.#groupId, topics: [topic] });
    const found = answer?.partitions.find((p) => p.partition === partition);
    return found ? toCommittedPosition(found.offset) : NOTHING_COMMITTED;
  }

  #connectedAdmin(): Promise<Admin> {
    if (!this.#admin) {
      const admin = this.#kafka.admin();
      const connected = admin.connect().then(() => admin);
      connected.catch(() => {
        if (this.#admin === connected) this.#admin = undefined;
      });
      this.#admin = connected;
    }
    return this.#admin;
  }

  async #close(id: string): Promise<void> {
    const entry = this.#producers.get(id);
    this.#producers.delete(id);
    await entry?.then((p) => p.producer.disconnect()).catch(() => undefined);
  }
}
