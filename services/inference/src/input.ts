import {
  ConsumerGroups,
  consumerGroupIn,
  type FallbackRequested,
  type ImagePrepared,
  type RescoreRequested,
} from '@shelfstream/contracts';
import type { StageInput, StageRecord } from '@shelfstream/kafka';
import { tierTopics } from './topics.js';
import type { Tier } from './transform/tier.js';

/** The record value a tier consumes: ImagePrepared for tier 1, FallbackRequested for the fallback tiers. */
export type TierInput = ImagePrepared | FallbackRequested;

/** One image to infer, whatever topic it came from. */
export interface InferenceJob {
  readonly image: ImagePrepared;
  /** Fallback reasons so far (empty on tier 1). */
  readonly fallbackReasons: readonly string[];
}

/**
 * What a tier consumes on its main lane: tier 1 the ready images, the fallback tiers the previous tier's fallback
 * topic, each with the tier's retry topic; decoded by the StageRunner with the topic's Avro schema. Topics and groups
 * are under the configured namespace.
 */
export function stageInput(
  tier: Tier,
  config: { readonly kafkaTopicNamespace: string },
): StageInput<TierInput> {
  const topics = tierTopics(tier, config.kafkaTopicNamespace);
  return {
    name: `inference-${tier}`,
    deadLetterStage: 'INFERENCE',
    groupId: consumerGroupIn(config.kafkaTopicNamespace, ConsumerGroups[`inference-${tier}`].main),
    inputTopics: [topics.inputs[0] as string],
    retryTopic: topics.retry,
    deadLetterTopic: topics.deadLetter,
    captureIdOf: (value) => value.capture_id,
  };
}

/**
 * What tier 1 consumes on its low-priority lane (the degraded images), in a group of its own; undefined for the
 * tiers without one. It has no retry topic (the stage's retry topic belongs to the main group): a transient failure
 * there is dead-lettered as retriable, for `shelfctl dlq replay`.
 */
export function degradedLaneInput(
  tier: Tier,
  config: { readonly kafkaTopicNamespace: string },
): StageInput<TierInput> | undefined {
  const topics = tierTopics(tier, config.kafkaTopicNamespace);
  const groups: { readonly main: string; readonly degraded?: string } = ConsumerGroups[`inference-${tier}`];
  const degradedTopic = topics.inputs[1];
  if (degradedTopic === undefined || groups.degraded === undefined) return undefined;
  return {
    name: `inference-${tier}-degraded`,
    deadLetterStage: 'INFERENCE',
    groupId: consumerGroupIn(config.kafkaTopicNamespace, groups.degraded),
    inputTopics: [degradedTopic],
    retryTopic: null,
    deadLetterTopic: topics.deadLetter,
    captureIdOf: (value) => value.capture_id,
  };
}

/**
 * What tier 1 consumes on its re-score lane (captures a lower tier scored while tier 1 was down, sent back to it), in
 * a group of its own; undefined for the tiers without one. It has no retry topic: the stage never retries nor
 * dead-letters a re-score (a failure is a skip, the scorer asks again later).
 */
export function rescoreLaneInput(
  tier: Tier,
  config: { readonly kafkaTopicNamespace: string },
): StageInput<RescoreRequested> | undefined {
  const topics = tierTopics(tier, config.kafkaTopicNamespace);
  const groups: { readonly main: string; readonly rescore?: string } = ConsumerGroups[`inference-${tier}`];
  if (topics.rescore === null || groups.rescore === undefined) return undefined;
  return {
    name: `inference-${tier}-rescore`,
    deadLetterStage: 'INFERENCE',
    groupId: consumerGroupIn(config.kafkaTopicNamespace, groups.rescore),
    inputTopics: [topics.rescore],
    retryTopic: null,
    deadLetterTopic: topics.deadLetter,
    captureIdOf: (value) => value.capture_id,
  };
}

/** Normalizes a consumed record into an {@link InferenceJob}. */
export function toJob(tier: Tier, record: StageRecord<TierInput>): InferenceJob {
  if (tier === 'remote') return { image: record.value as ImagePrepared, fallbackReasons: [] };
  const value = record.value as FallbackRequested;
  return { image: value.image, fallbackReasons: value.fallback_reasons };
}
