import type { Kafka, Producer } from 'kafkajs';

/**
 * One transactional producer per assigned input partition, with a transactional.id derived from the group, topic and
 * partition. KafkaJS has no consumer-group fencing for TxnOffsetCommit (KIP-447), so zombies are fenced the old way:
 * whoever owns a partition next initialises the same transactional.id, which aborts and fences the previous owner
 * (PITFALLS.md).
 */
export class TransactionalProducers {
  readonly #kafka: Kafka;
  readonly #prefix: string;
  readonly #producers = new Map<string, Promise<Producer>>();

  constructor(kafka: Kafka, transactionalIdPrefix: string) {
    this.#kafka = kafka;
    this.#prefix = transactionalIdPrefix;
  }

  /** The connected producer of one input partition (created on first use). */
  async forPartition(topic: string, partition: number): Promise<Producer> {
    const id = `${this.#prefix}.${topic}.${partition}`;
    let producer = this.#producers.get(id);
    if (!producer) {
      producer = this.#connect(id);
      producer.catch(() => this.#producers.delete(id));
      this.#producers.set(id, producer);
    }
    return producer;
  }

  /** Disconnects producers of partitions no longer assigned to this member. */
  async retain(assigned: ReadonlyMap<string, readonly number[]>): Promise<void> {
    const keep = new Set<string>();
    for (const [topic, partitions] of assigned) {
      for (const p of partitions) keep.add(`${this.#prefix}.${topic}.${p}`);
    }
    await Promise.all(
      [...this.#producers.keys()].filter((id) => !keep.has(id)).map(async (id) => this.#close(id)),
    );
  }

  /**
   * Drops the producer of one input partition (after a failed commit or abort it is unusable: KafkaJS leaves it in
   * COMMITTING); the next {@link forPartition} makes a new one with the same transactional.id, whose
   * initTransactions aborts whatever the old one left open.
   */
  async discard(topic: string, partition: number): Promise<void> {
    await this.#close(`${this.#prefix}.${topic}.${partition}`);
  }

  /** Disconnects every producer. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.#producers.keys()].map(async (id) => this.#close(id)));
  }

  async #connect(transactionalId: string): Promise<Producer> {
    const producer = this.#kafka.producer({
      transactionalId,
      idempotent: true,
      // Exactly-once in KafkaJS needs one request in flight (docs/Transactions.md).
      maxInFlightRequests: 1,
      transactionTimeout: 60_000,
    });
    await producer.connect();
    return producer;
  }

  async #close(id: string): Promise<void> {
    const producer = this.#producers.get(id);
    this.#producers.delete(id);
    await producer?.then((p) => p.disconnect()).catch(() => undefined);
  }
}
