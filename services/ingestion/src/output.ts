import type { CaptureAccepted, TopicNames } from '@shelfstream/contracts';
import type { StageOutput } from '@shelfstream/kafka';

/** The topics ingestion produces to: their schema ids are looked up at start-up. */
export function stageOutputTopics(topics: Pick<TopicNames, 'capturesValidated'>): string[] {
  return [topics.capturesValidated];
}

/**
 * The records an accepted capture produces: its CaptureAccepted on the validated topic, keyed by capture id. The
 * StageRunner encodes them and produces them in the same transaction as the input offset.
 */
export function toStageOutputs(
  topics: Pick<TopicNames, 'capturesValidated'>,
  accepted: CaptureAccepted,
): StageOutput[] {
  return [{ topic: topics.capturesValidated, key: accepted.capture_id, value: accepted }];
}
