import { randomBytes } from 'node:crypto';
import type { DeadLetter } from '@shelfstream/contracts';
import { type AvroCodec, headersToStrings } from '@shelfstream/kafka';
import type { Kafka } from 'kafkajs';
import { CommandError, ExitCodes } from '../exit-codes.js';
import type { DlqEntry } from './dlq-entry.js';

/** What {@link readDeadLetterTopic} read. */
export interface DlqReadResult {
  readonly entries: DlqEntry[];
  /** False when the time ran out before every partition reached its end offset (entries are then partial). */
  readonly complete: boolean;
}

/**
 * Reads a DLQ topic from the beginning up to the end offsets it had when the call started, with a throwaway
 * read_committed consumer group (deleted afterwards), then decodes each value as a DeadLetter. It never hangs:
 * after `timeoutMs` it returns what it read with `complete: false`. Throws CommandError (exit 3) when the topic
 * does not exist.
 *
 * Progress is tracked from KafkaJS's END_BATCH_PROCESS events, whose `lastOffset` includes transaction control
 * records: the last offset of a transactionally written partition is a commit marker no message is delivered for.
 */
export async function readDeadLetterTopic(
  kafka: Kafka,
  codec: AvroCodec,
  topic: string,
  options: { timeoutMs?: number } = {},
): Promise<DlqReadResult> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    // Without this check KafkaJS retries metadata for a missing topic for half a minute.
    if (!(await admin.listTopics()).includes(topic)) {
      throw new CommandError(
        `topic ${topic} does not exist (check KAFKA_TOPIC_NAMESPACE; provision it)`,
        ExitCodes.notFound,
      );
    }
    for (const p of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(p.high) > BigInt(p.low)) ends.set(p.partition, BigInt(p.high));
    }
  } finally {
    await admin.disconnect();
  }
  if (ends.size === 0) return { entries: [], complete: true };

  const pending = new Set(ends.keys());
  const reached = (partition: number, offset: string) => {
    const end = ends.get(partition);
    if (end !== undefined && BigInt(offset) + 1n >= end) pending.delete(partition);
  };
  const raw: {
    partition: number;
    offset: string;
    timestamp: string;
    key: Buffer | null;
    value: Buffer | null;
    headers: Record<string, string>;
  }[] = [];
  const groupId = `shelfctl-dlq-reader-${randomBytes(6).toString('hex')}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false, allowAutoTopicCreation: false });
  consumer.on(consumer.events.END_BATCH_PROCESS, (event) => {
    reached(event.payload.partition, String(event.payload.lastOffset));
  });
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const end = ends.get(partition);
        if (end === undefined || BigInt(message.offset) >= end) return;
        raw.push({
          partition,
          offset: message.offset,
          timestamp: message.timestamp,
          key: message.key,
          value: message.value,
          headers: headersToStrings(message.headers),
        });
        reached(partition, message.offset);
      },
    });
    while (pending.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  } finally {
    await consumer.disconnect();
    await deleteGroup(kafka, groupId);
  }

  raw.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  const entries: DlqEntry[] = [];
  for (const r of raw) {
    const base = {
      partition: r.partition,
      offset: r.offset,
      timestamp: Number(r.timestamp),
      key: r.key?.toString('utf8') ?? null,
      headers: r.headers,
    };
    try {
      entries.push({ ...base, letter: await codec.decode<DeadLetter>(r.value, topic) });
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      entries.push({ ...base, letter: null, decodeError: typeof code === 'string' ? code : String(err) });
    }
  }
  return { entries, complete: pending.size === 0 };
}

async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch {
    // Best effort: an empty group without offsets expires on its own.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
