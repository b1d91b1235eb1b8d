import type { ComplianceScored, TopicNames, VersionDrift } from '@shelfstream/contracts';
import type { StageOutput } from '@shelfstream/kafka';
import type { CaptureRollups } from './transform/to-rollups.js';

type OutputTopics = Pick<TopicNames, 'compliance' | 'complianceRollups' | 'planogramDrift'>;

/** What the scorer made of one detections record: a score with its rollups, or a version-drift hold. */
export type ScoringProduct =
  | {
      readonly kind: 'scored';
      readonly scored: ComplianceScored;
      readonly rollups: CaptureRollups;
      /** Whether each rollup is the latest of its key (an older one is not produced). */
      readonly latest: { readonly aisle: boolean; readonly store: boolean };
    }
  | { readonly kind: 'drift'; readonly drift: VersionDrift };

/** The topics the scorer produces to: their schema ids are looked up at start-up. */
export function stageOutputTopics(topics: OutputTopics): string[] {
  return [topics.compliance, topics.complianceRollups, topics.planogramDrift];
}

/**
 * The records one detections record produces: its ComplianceScored (keyed by capture id) and the rollups that are
 * the latest of their key, or the VersionDrift of a held capture. The StageRunner encodes them and produces them in
 * the same transaction as the input offset.
 */
export function toStageOutputs(topics: OutputTopics, product: ScoringProduct): StageOutput[] {
  if (product.kind === 'drift') {
    return [{ topic: topics.planogramDrift, key: product.drift.capture_id, value: product.drift }];
  }
  const { scored, rollups, latest } = product;
  return [
    { topic: topics.compliance, key: scored.capture_id, value: scored },
    ...(latest.aisle ? [{ topic: topics.complianceRollups, ...rollups.aisle }] : []),
    ...(latest.store ? [{ topic: topics.complianceRollups, ...rollups.store }] : []),
  ];
}
