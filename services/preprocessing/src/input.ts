import { type CaptureAccepted, ConsumerGroups, consumerGroupIn, topicNames } from '@shelfstream/contracts';

/** Where preprocessing reads from and where its failures go. */
export interface PreprocessingInput {
  readonly groupId: string;
  readonly inputTopics: readonly string[];
  /** Where its results go: their schema ids are looked up at start-up. */
  readonly outputTopics: readonly string[];
  readonly retryTopic: string;
  readonly deadLetterTopic: string;
  readonly captureIdOf: (value: CaptureAccepted) => string;
}

/** The stage's retry-topic and metrics name. */
export const STAGE_NAME = 'preprocessing';

/**
 * The input side of the stage: validated captures (decoded by the StageRunner with the topic's Avro schema), the
 * stage's retry topic and the DLQ, all under the configured namespace. The default group is namespaced too, so test
 * runs sharing a cluster never join each other's group.
 */
export function preprocessingInput(config: {
  readonly kafkaTopicNamespace: string;
  readonly groupId?: string | undefined;
}): PreprocessingInput {
  const topics = topicNames(config.kafkaTopicNamespace);
  return {
    groupId: config.groupId ?? consumerGroupIn(config.kafkaTopicNamespace, ConsumerGroups.preprocessing.main),
    inputTopics: [topics.capturesValidated],
    outputTopics: [topics.imagesReady, topics.imagesDegraded, topics.recaptureRequests],
    retryTopic: topics.retry(STAGE_NAME),
    deadLetterTopic: topics.deadLetters,
    captureIdOf: (value) => value.capture_id,
  };
}
