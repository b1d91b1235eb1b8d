import { randomBytes } from 'node:crypto';
import type { createKafkaClient } from '@shelfstream/kafka';

type Kafka = ReturnType<typeof createKafkaClient>;

/** What a topic holds, committed: records per key, and when each was produced. */
export interface CommittedRecords {
  readonly counts: Map<string, number>;
  /** The records' timestamps (producer CreateTime: when the stage produced them; epoch ms), in reading order. */
  readonly producedAtMs: number[];
}

/**
 * Committed records per key on `topic`, and their produce times: read from the beginning by a throw-away
 * read_committed group (aborted transactions are never counted) until nothing arrived for `settleMs`. The same
 * reading as test/e2e's countByKey (testkit is test-only and never built, so the demo package cannot depend on it).
 */
export async function readCommitted(
  kafka: Kafka,
  topic: string,
  options: { settleMs?: number; timeoutMs?: number } = {},
): Promise<CommittedRecords> {
  const settleMs = options.settleMs ?? 5000;
  const counts = new Map<string, number>();
  const producedAtMs: number[] = [];
  const consumer = kafka.consumer({
    groupId: `chaos-verdict-${randomBytes(4).toString('hex')}`,
    readUncommitted: false,
  });
  let last = Date.now();
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
    last = Date.now();
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        last = Date.now();
        const key = message.key?.toString('utf8') ?? '';
        counts.set(key, (counts.get(key) ?? 0) + 1);
        producedAtMs.push(Number(message.timestamp));
      },
    });
    const deadline = Date.now() + (options.timeoutMs ?? 300_000);
    while (Date.now() < deadline && !(joined && Date.now() - last >= settleMs))
      await new Promise((r) => setTimeout(r, 200));
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  return { counts, producedAtMs };
}
