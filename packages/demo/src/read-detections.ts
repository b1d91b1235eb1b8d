import { randomBytes } from 'node:crypto';
import type { DetectionsProduced } from '@shelfstream/contracts';
import type { AvroCodec, createKafkaClient } from '@shelfstream/kafka';

type Kafka = ReturnType<typeof createKafkaClient>;

/**
 * Reads the detections topic from the start (read_committed, a throw-away group) until every wanted capture has a
 * record or `timeoutMs` passes; the last record of a capture wins (a drift reprocess republishes it).
 */
export async function readDetections(
  kafka: Kafka,
  codec: AvroCodec,
  topic: string,
  wanted: ReadonlySet<string>,
  timeoutMs = 20_000,
): Promise<Map<string, DetectionsProduced>> {
  const found = new Map<string, DetectionsProduced>();
  const consumer = kafka.consumer({ groupId: `demo-report-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const key = message.key?.toString('utf8') ?? '';
        if (!wanted.has(key)) return;
        found.set(key, await codec.decode<DetectionsProduced>(message.value, topic));
      },
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && found.size < wanted.size) await new Promise((r) => setTimeout(r, 200));
  } finally {
    await consumer.disconnect();
  }
  return found;
}
