import type { DetectionsProduced } from '@shelfstream/contracts';
import type { AvroCodec, createKafkaClient } from '@shelfstream/kafka';
import { readTopic } from '@shelfstream/topic-reader';

type Kafka = ReturnType<typeof createKafkaClient>;

/**
 * Reads the detections topic from the start (read_committed, a throw-away group) until every wanted capture has a
 * record or `timeoutMs` passes; the last record of a capture wins (a drift reprocess republishes it). `wanted` as a
 * map gives the tier of each capture's score: a re-scored capture has detections of two tiers, and only a record of
 * that tier counts (the last record of any tier when none came within the time).
 */
export async function readDetections(
  kafka: Kafka,
  codec: AvroCodec,
  topic: string,
  wanted: ReadonlySet<string> | ReadonlyMap<string, string>,
  timeoutMs = 20_000,
): Promise<Map<string, DetectionsProduced>> {
  const tierOf = wanted instanceof Map ? (wanted as ReadonlyMap<string, string>) : undefined;
  const seen = new Set<string>();
  let scanned = 0;
  const records = await readTopic<DetectionsProduced | undefined>(kafka, topic, {
    groupPrefix: 'demo-report',
    timeoutMs,
    // Every record is decoded (the key is not known here), so one that cannot be is skipped, not fatal.
    decode: async (value) =>
      value === null ? undefined : codec.decode<DetectionsProduced>(value, topic).catch(() => undefined),
    until: (read) => {
      for (; scanned < read.length; scanned++) {
        const r = read[scanned];
        if (r && isWanted(r.key, r.decoded)) seen.add(r.key as string);
      }
      return seen.size >= wanted.size;
    },
  });
  function isWanted(key: string | null, decoded: DetectionsProduced | undefined): boolean {
    if (key === null || !wanted.has(key)) return false;
    const tier = tierOf?.get(key);
    return tier === undefined || decoded?.tier === tier;
  }
  const last = new Map<string, DetectionsProduced>();
  const lastOfTier = new Map<string, DetectionsProduced>();
  for (const r of records) {
    if (r.key === null || r.decoded === undefined || !wanted.has(r.key)) continue;
    last.set(r.key, r.decoded);
    if (isWanted(r.key, r.decoded)) lastOfTier.set(r.key, r.decoded);
  }
  return new Map([...last].map(([key, d]) => [key, lastOfTier.get(key) ?? d]));
}
