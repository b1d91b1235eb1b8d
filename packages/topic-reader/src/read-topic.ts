import { randomBytes } from 'node:crypto';
import type { IHeaders, Kafka } from 'kafkajs';

/** A record as read back. */
export interface ReadRecord<T = unknown> {
  /** The value as `decode` returned it (undefined without `decode`). */
  readonly decoded: T | undefined;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders;
}

/**
 * Reads a topic from the beginning with a fresh read_committed consumer group until `until(records)` holds or the
 * time runs out, then returns everything read. Aborted transactional records are never returned. Tests use it
 * through `@shelfstream/testkit`; the demo's report reads detections with it.
 */
export async function readTopic<T = unknown>(
  kafka: Kafka,
  topic: string,
  options: {
    until: (records: readonly ReadRecord<T>[]) => boolean;
    decode?: (value: Buffer | null) => Promise<T>;
    /** @default 60000 (ms) */
    timeoutMs?: number;
    /** How long no new record must have arrived once `until` holds (ms). @default 0 */
    settleMs?: number;
    /** Prefix of the throw-away consumer group, `<prefix>-<8 hex>`. @default 'test-reader' */
    groupPrefix?: string;
  },
): Promise<ReadRecord<T>[]> {
  const groupId = `${options.groupPrefix ?? 'test-reader'}-${randomBytes(4).toString('hex')}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  const records: ReadRecord<T>[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let lastArrival = Date.now();
  await consumer.run({
    eachMessage: async ({ topic: t, partition, message }) => {
      lastArrival = Date.now();
      records.push({
        decoded: options.decode ? await options.decode(message.value) : undefined,
        topic: t,
        partition,
        offset: message.offset,
        key: message.key?.toString('utf8') ?? null,
        value: message.value,
        headers: message.headers ?? {},
      });
    },
  });
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const settleMs = options.settleMs ?? 0;
  try {
    while (Date.now() < deadline) {
      if (options.until(records) && Date.now() - lastArrival >= settleMs) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await consumer.disconnect();
  }
  return records;
}
