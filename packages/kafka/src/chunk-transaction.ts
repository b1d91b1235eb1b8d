import type { EachBatchPayload, Message, Producer } from 'kafkajs';
import { type CommittedPosition, positionAfter } from './committed-position.js';
import type { OutgoingMessage } from './stage-messages.js';

/** What is left of the group membership a chunk was consumed under. */
export type Membership = Pick<EachBatchPayload, 'heartbeat' | 'isStale' | 'isRunning'>;

/** The transactional producers of the runner's input partitions (see TransactionalProducers). */
export interface PartitionProducers {
  forPartition(topic: string, partition: number): Promise<Pick<Producer, 'transaction'>>;
  discard(topic: string, partition: number): Promise<void>;
  /** The partition's settled committed position (see TransactionalProducers). */
  committedPosition(topic: string, partition: number): Promise<CommittedPosition>;
  /** Records a successful commit of the partition up to `position`. */
  markCommitted(topic: string, partition: number, position: CommittedPosition): Promise<void>;
}

/** One processed chunk of an input partition, ready to commit. */
export interface ProcessedChunk {
  readonly topic: string;
  readonly partition: number;
  /** Offset of the chunk's first record: it must not be below the partition's committed position. */
  readonly firstOffset: string;
  /** Offset of the chunk's last record: the group's committed position becomes the one after it. */
  readonly lastOffset: string;
  /** Outputs, retries and dead letters, in the order their records were consumed. */
  readonly messages: readonly OutgoingMessage[];
}

/** What {@link commitChunk} needs besides the chunk. */
export interface ChunkCommitContext {
  readonly groupId: string;
  readonly producers: PartitionProducers;
  readonly membership: Membership;
  /** Fault injection for tests: runs after the sends, before the commit. */
  readonly beforeCommit?:
    | ((chunk: { readonly topic: string; readonly partition: number }) => Promise<void> | void)
    | undefined;
}

/**
 * Produces a chunk's messages and commits its input offsets in ONE Kafka transaction of the partition's producer, so
 * a crash anywhere before the commit leaves neither. Throws when the membership was lost (its successor reads the
 * same records) or the transaction failed; a producer left unusable is discarded first. Refuses (throws) a chunk that
 * starts below the partition's committed position: its first records were committed already, and the caller must
 * drop them first (`uncommittedRecords`), or their outputs would be committed twice.
 */
export async function commitChunk(chunk: ProcessedChunk, context: ChunkCommitContext): Promise<void> {
  const { topic, partition } = chunk;
  const { membership, producers } = context;
  // A member that lost the partition (evicted, rebalanced) must not commit: its successor reads the same records.
  await membership.heartbeat();
  if (membership.isStale() || !membership.isRunning()) {
    throw new Error(
      `partition ${topic}[${partition}] was revoked while its chunk was processed: not committing`,
    );
  }
  const committed = await producers.committedPosition(topic, partition);
  if (BigInt(chunk.firstOffset) < committed) {
    throw new Error(
      `chunk ${topic}[${partition}] ${chunk.firstOffset}..${chunk.lastOffset} starts below the committed position ${committed}: not committing it again`,
    );
  }
  const producer = await producers.forPartition(topic, partition);
  let transaction: Awaited<ReturnType<typeof producer.transaction>>;
  try {
    transaction = await producer.transaction();
  } catch (err) {
    await producers.discard(topic, partition);
    throw err;
  }
  try {
    const topicMessages = byTopic(chunk.messages);
    if (topicMessages.length > 0) await transaction.sendBatch({ topicMessages, acks: -1 });
    await transaction.sendOffsets({
      consumerGroupId: context.groupId,
      topics: [{ topic, partitions: [{ partition, offset: positionAfter(chunk.lastOffset).toString() }] }],
    });
    await context.beforeCommit?.({ topic, partition });
    await transaction.commit();
  } catch (err) {
    // A failed commit leaves a KafkaJS producer in COMMITTING, refusing abort() and the next transaction (and a
    // fenced one is dead): throw it away, the next chunk gets a new producer with the same transactional.id.
    const aborted = await transaction.abort().then(
      () => true,
      () => false,
    );
    if (!aborted || isProducerFatal(err)) await producers.discard(topic, partition);
    throw err;
  }
  await producers.markCommitted(topic, partition, positionAfter(chunk.lastOffset));
}

/** Messages grouped per topic, topics in order of first appearance, each topic's messages in order. */
function byTopic(messages: readonly OutgoingMessage[]): { topic: string; messages: Message[] }[] {
  const topics = new Map<string, Message[]>();
  for (const { topic, message } of messages) {
    const grouped = topics.get(topic);
    if (grouped) grouped.push(message);
    else topics.set(topic, [message]);
  }
  return [...topics].map(([topic, grouped]) => ({ topic, messages: grouped }));
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
