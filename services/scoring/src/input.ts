import { ConsumerGroups, consumerGroupIn, type DetectionsProduced, topicNames } from '@shelfstream/contracts';
import type { StageInput } from '@shelfstream/kafka';

/**
 * What the scorer role consumes: the detections of every inference tier (and the stage's retry topic), decoded by
 * the StageRunner with the topic's Avro schema. Topics and group are under the configured namespace. (The
 * state-tracker role reads every stage topic: tracker/tracked-topics.ts.)
 */
export function stageInput(config: { readonly kafkaTopicNamespace: string }): StageInput<DetectionsProduced> {
  const topics = topicNames(config.kafkaTopicNamespace);
  return {
    name: 'scoring',
    deadLetterStage: 'SCORING',
    groupId: consumerGroupIn(config.kafkaTopicNamespace, ConsumerGroups.scoring.main),
    inputTopics: [topics.detections],
    retryTopic: topics.retry('scoring'),
    deadLetterTopic: topics.deadLetters,
    captureIdOf: (value) => value.capture_id,
  };
}
