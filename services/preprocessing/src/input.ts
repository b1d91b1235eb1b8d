import { type CaptureAccepted, ConsumerGroups, consumerGroupIn, topicNames } from '@shelfstream/contracts';
import type { StageInput } from '@shelfstream/kafka';

/**
 * What preprocessing consumes: validated captures (and the stage's retry topic), decoded by the StageRunner with the
 * topic's Avro schema; failures go to the DLQ. Topics and the default group are under the configured namespace, so
 * test runs sharing a cluster never join each other's group.
 */
export function stageInput(config: {
  readonly kafkaTopicNamespace: string;
  readonly groupId?: string | undefined;
}): StageInput<CaptureAccepted> {
  const topics = topicNames(config.kafkaTopicNamespace);
  return {
    name: 'preprocessing',
    deadLetterStage: 'PREPROCESSING',
    groupId: config.groupId ?? consumerGroupIn(config.kafkaTopicNamespace, ConsumerGroups.preprocessing.main),
    inputTopics: [topics.capturesValidated],
    retryTopic: topics.retry('preprocessing'),
    deadLetterTopic: topics.deadLetters,
    captureIdOf: (value) => value.capture_id,
  };
}
