import type { Logger } from '@shelfstream/observability';
import type { EachBatchPayload, Kafka } from 'kafkajs';
import { ConsumerSupervisor } from './consumer-supervisor.js';
import type { TransactionalProducers } from './transactional-producers.js';

/** How a stage's group consumer is made, and what it does with its batches. */
export interface StageConsumerOptions {
  readonly kafka: Kafka;
  readonly logger: Logger;
  readonly groupId: string;
  /** The inputs and the retry topic. */
  readonly topics: readonly string[];
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly partitionsConsumedConcurrently: number;
  readonly eachBatch: (payload: EachBatchPayload) => Promise<void>;
  /** True while the runner has paused every input: a replacement consumer must start paused too. */
  readonly pausedAll: () => boolean;
  /** The producers tied to this member's partitions and to the consumer's life. */
  readonly producers: TransactionalProducers;
  readonly maxDownMs?: number | undefined;
  readonly onFatal?: ((error: Error) => void) | undefined;
}

/**
 * The supervised read_committed group consumer of a stage, committing nothing itself: offsets go with each chunk's
 * transaction. A consumer the supervisor replaces after a crash is subscribed and run again the same way.
 */
export function superviseStageConsumer(options: StageConsumerOptions): ConsumerSupervisor {
  const { kafka, logger, producers } = options;
  const topics = [...options.topics];
  return new ConsumerSupervisor({
    logger,
    create: () =>
      kafka.consumer({
        groupId: options.groupId,
        readUncommitted: false,
        sessionTimeout: options.sessionTimeoutMs,
        heartbeatInterval: options.heartbeatIntervalMs,
        // Bounded fetches keep a batch's handling time well under the session timeout (kafkajs#375).
        maxBytesPerPartition: 4 * 1024 * 1024,
        maxBytes: 16 * 1024 * 1024,
      }),
    setUp: async (consumer) => {
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
        eachBatch: options.eachBatch,
      });
      if (options.pausedAll()) consumer.pause(topics.map((topic) => ({ topic })));
    },
    // A crashed consumer's producers may sit in a failed transaction state: start over with new ones.
    beforeRecreate: () => producers.closeAll(),
    onJoin: (memberAssignment) => {
      const assigned = new Map<string, number[]>(Object.entries(memberAssignment));
      producers
        .retain(assigned)
        .catch((err: unknown) => logger.warn({ err }, 'closing revoked producers failed'));
    },
    ...(options.maxDownMs !== undefined ? { maxDownMs: options.maxDownMs } : {}),
    ...(options.onFatal ? { onFatal: options.onFatal } : {}),
  });
}
