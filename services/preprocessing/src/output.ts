import { type ImagePrepared, type RecaptureRequested, topicNames } from '@shelfstream/contracts';
import type { StageOutput } from '@shelfstream/kafka';

/**
 * The records one prepared capture produces: OK -> `shelf.images.ready.v1`; DEGRADED -> `shelf.images.degraded.v1`
 * (the low-priority lane) plus a recapture request keyed by store_id. The StageRunner encodes them and produces
 * them in the same transaction as the input offset.
 */
export function toStageOutputs(
  namespace: string,
  prepared: ImagePrepared,
  recapture: RecaptureRequested | undefined,
): StageOutput[] {
  const topics = topicNames(namespace);
  if (prepared.quality === 'OK') {
    return [{ topic: topics.imagesReady, key: prepared.capture_id, value: prepared }];
  }
  const outputs: StageOutput[] = [
    { topic: topics.imagesDegraded, key: prepared.capture_id, value: prepared },
  ];
  if (recapture) outputs.push({ topic: topics.recaptureRequests, key: recapture.store_id, value: recapture });
  return outputs;
}
