import { readTopic } from '../../packages/testkit/src/index.js';

/** Records per key on `topic` (read_committed), read from the beginning until nothing arrived for 3 s. */
export async function countByKey(
  kafka: Parameters<typeof readTopic>[0],
  topic: string,
): Promise<Map<string, number>> {
  // No `until`: the topic is done once it has been quiet for settleMs; the long timeout only bounds a stuck read.
  const records = await readTopic(kafka, topic, { until: () => true, settleMs: 3000, timeoutMs: 600_000 });
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.key ?? '', (counts.get(record.key ?? '') ?? 0) + 1);
  return counts;
}
