import { type CaptureSubmitted, ConsumerGroups, consumerGroupIn, topicNames } from '@shelfstream/contracts';
import type { StageInput } from '@shelfstream/kafka';

/**
 * What ingestion consumes: CaptureSubmitted from the raw topic (and the stage's retry topic), decoded by the
 * StageRunner with the topic's Avro schema; undecodable bytes are dead-lettered by the runner (KAFKA_DECODE_FAILED).
 * Topics and group are under the configured namespace, so test runs sharing a cluster never join each other's group.
 */
export function stageInput(config: { readonly kafkaTopicNamespace: string }): StageInput<CaptureSubmitted> {
  const topics = topicNames(config.kafkaTopicNamespace);
  return {
    name: 'ingestion',
    deadLetterStage: 'INGESTION',
    groupId: consumerGroupIn(config.kafkaTopicNamespace, ConsumerGroups.ingestion.main),
    inputTopics: [topics.capturesRaw],
    retryTopic: topics.retry('ingestion'),
    deadLetterTopic: topics.deadLetters,
    captureIdOf: (value) => value.capture_id,
  };
}
