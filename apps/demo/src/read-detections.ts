import type { DetectionsProduced } from '@shelfstream/contracts';
import type { AvroCodec, createKafkaClient } from '@shelfstream/kafka';
import { readTopic } from '@shelfstream/topic-reader';

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
  const seen = new Set<string>();
  let scanned = 0;
  const records = await readTopic(kafka, topic, {
    groupPrefix: 'demo-report',
    timeoutMs,
    until: (read) => {
      for (; scanned < read.length; scanned++) {
        const key = read[scanned]?.key;
        if (key != null && wanted.has(key)) seen.add(key);
      }
      return seen.size >= wanted.size;
    },
  });
  const last = new Map<string, Buffer | null>();
  for (const r of records) if (r.key !== null && wanted.has(r.key)) last.set(r.key, r.value);
  const found = new Map<string, DetectionsProduced>();
  for (const [key, value] of last) found.set(key, await codec.decode<DetectionsProduced>(value, topic));
  return found;
}
