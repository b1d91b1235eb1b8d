import type {
  CaptureUnscorable,
  ComplianceScored,
  RecaptureRequested,
  TopicNames,
  VersionDrift,
} from '@shelfstream/contracts';
import type { StageOutput } from '@shelfstream/kafka';
import { toUnscorableRecapture } from './transform/to-capture-unscorable.js';
import type { CaptureRollups } from './transform/to-rollups.js';

type OutputTopics = Pick<
  TopicNames,
  'compliance' | 'complianceRollups' | 'planogramDrift' | 'unscorable' | 'recaptureRequests'
>;

/** What the scorer made of one detections record: a score with its rollups, a version-drift hold, or UNSCORABLE. */
export type ScoringProduct =
  | {
      readonly kind: 'scored';
      readonly scored: ComplianceScored;
      readonly rollups: CaptureRollups;
      /** Whether each rollup is the latest of its key (an older one is not produced). */
      readonly latest: { readonly aisle: boolean; readonly store: boolean };
      /** A recapture request when the photo showed too little of the section (SCORING_LOW_COVERAGE). */
      readonly recapture?: RecaptureRequested | null;
    }
  | { readonly kind: 'drift'; readonly drift: VersionDrift }
  | { readonly kind: 'unscorable'; readonly unscorable: CaptureUnscorable };

/** The topics the scorer produces to: their schema ids are looked up at start-up. */
export function stageOutputTopics(topics: OutputTopics): string[] {
  return [
    topics.compliance,
    topics.complianceRollups,
    topics.planogramDrift,
    topics.unscorable,
    topics.recaptureRequests,
  ];
}

/**
 * The records one detections record produces: its ComplianceScored (keyed by capture id), the rollups that are
 * the latest of their key and a recapture request when the photo showed too little of the section, the VersionDrift of a held capture, or the CaptureUnscorable of a photo with no shelf
 * and its recapture request (keyed by store, as preprocessing's). The StageRunner encodes them and produces them in
 * the same transaction as the input offset.
 */
export function toStageOutputs(topics: OutputTopics, product: ScoringProduct): StageOutput[] {
  if (product.kind === 'unscorable') {
    const { unscorable } = product;
    return [
      { topic: topics.unscorable, key: unscorable.capture_id, value: unscorable },
      { topic: topics.recaptureRequests, key: unscorable.store_id, value: toUnscorableRecapture(unscorable) },
    ];
  }
  if (product.kind === 'drift') {
    return [{ topic: topics.planogramDrift, key: product.drift.capture_id, value: product.drift }];
  }
  const { scored, rollups, latest, recapture } = product;
  return [
    { topic: topics.compliance, key: scored.capture_id, value: scored },
    ...(latest.aisle ? [{ topic: topics.complianceRollups, ...rollups.aisle }] : []),
    ...(latest.store ? [{ topic: topics.complianceRollups, ...rollups.store }] : []),
    ...(recapture ? [{ topic: topics.recaptureRequests, key: recapture.store_id, value: recapture }] : []),
  ];
}
