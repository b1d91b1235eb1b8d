import type { createKafkaClient } from '@shelfstream/kafka';

type Kafka = ReturnType<typeof createKafkaClient>;
type Consumer = ReturnType<Kafka['consumer']>;

/**
 * Records when each capture finished, keyed by capture id: the first read_committed record on the compliance topic
 * (scored) or the dead-letter topic (failed) whose key is the capture's. Subscribed before the first capture is sent,
 * so the time is when the scoring transaction became visible to a downstream reader.
 */
export class CompletionWatcher {
  readonly scoredAt = new Map<string, number>();
  readonly failedAt = new Map<string, number>();
  readonly #consumer: Consumer;

  private constructor(consumer: Consumer) {
    this.#consumer = consumer;
  }

  static async start(
    kafka: Kafka,
    topics: { scored: string; deadLetters: string },
    groupId: string,
  ): Promise<CompletionWatcher> {
    const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 100 });
    const watcher = new CompletionWatcher(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [topics.scored, topics.deadLetters], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const now = Date.now();
        const id = message.key?.toString('utf8');
        if (!id) return;
        const into = topic === topics.scored ? watcher.scoredAt : watcher.failedAt;
        if (!into.has(id)) into.set(id, now);
      },
    });
    return watcher;
  }

  /** Finish time of a capture, scored or failed. */
  finishedAt(id: string): number | undefined {
    return this.scoredAt.get(id) ?? this.failedAt.get(id);
  }

  async stop(): Promise<void> {
    await this.#consumer.disconnect();
  }
}
