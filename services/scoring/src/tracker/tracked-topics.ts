import type { TopicNames } from '@shelfstream/contracts';
import type { TrackedTopicKind } from '../transform/to-capture-event.js';

/** What the state-tracker role consumes (every stage topic and the DLQ), with what each record means. */
export function trackedTopics(topics: TopicNames): ReadonlyMap<string, TrackedTopicKind> {
  return new Map<string, TrackedTopicKind>([
    [topics.capturesValidated, 'validated'],
    [topics.imagesReady, 'prepared'],
    [topics.imagesDegraded, 'prepared'],
    [topics.detections, 'detections'],
    [topics.planogramDrift, 'drift'],
    [topics.unscorable, 'unscorable'],
    [topics.compliance, 'compliance'],
    [topics.deadLetters, 'deadLetter'],
  ]);
}
