/**
 * Reads a Kafka topic back from the beginning with a fresh read_committed consumer group until a condition holds.
 * A library (not testkit, which is test-only and never built) because the demo's report ships and uses it too.
 *
 * @example
 * import { readTopic } from '@shelfstream/topic-reader';
 * const records = await readTopic(kafka, topic, { until: (rs) => rs.length >= 3, timeoutMs: 10_000 });
 */
export { type ReadRecord, readTopic } from './read-topic.js';
