import type { ImagePrepared, RecaptureRequested, TopicNames } from '@shelfstream/contracts';
import type { StageOutput } from '@shelfstream/kafka';

type OutputTopics = Pick<TopicNames, 'imagesReady' | 'imagesDegraded' | 'recaptureRequests'>;

/** The topics preprocessing produces to: their schema ids are looked up at start-up. */
export function stageOutputTopics(topics: OutputTopics): string[] {
  return [topics.imagesReady, topics.imagesDegraded, topics.recaptureRequests];
}

/**
 * The records one prepared capture produces: OK -> `shelf.images.ready.v1`; DEGRADED -> `shelf.images.degraded.v1`
 * (the low-priority lane) plus a recapture request keyed by store_id. The StageRunner encodes them and produces
 * them in the same transaction as the input offset.
 */
export function toStageOutputs(
  topics: OutputTopics,
  prepared: ImagePrepared,
  recapture: RecaptureRequested | undefined,
): StageOutput[] {
  if (prepared.quality === 'OK') {
    return [{ topic: topics.imagesReady, key: prepared.capture_id, value: prepared }];
  }
  const outputs: StageOutput[] = [
    { topic: topics.imagesDegraded, key: prepared.capture_id, value: prepared },
  ];
  if (recapture) outputs.push({ topic: topics.recaptureRequests, key: recapture.store_id, value: recapture });
  return outputs;
}
