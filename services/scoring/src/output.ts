import type { ComplianceScored, TopicNames, VersionDrift } from '@shelfstream/contracts';
import type { StageOutput } from '@shelfstream/kafka';
import type { CaptureRollups } from './transform/to-rollups.js';

/** The outputs of a scored capture: its ComplianceScored record and the rollups that belong on the topic. */
export function scoredOutputs(
  topics: Pick<TopicNames, 'compliance' | 'complianceRollups'>,
  scored: ComplianceScored,
  rollups: CaptureRollups,
  latest: { readonly aisle: boolean; readonly store: boolean },
): StageOutput[] {
  return [
    { topic: topics.compliance, key: scored.capture_id, value: scored },
    ...(latest.aisle ? [{ topic: topics.complianceRollups, ...rollups.aisle }] : []),
    ...(latest.store ? [{ topic: topics.complianceRollups, ...rollups.store }] : []),
  ];
}

/** The output of a capture held by the version gate. */
export function driftOutput(topics: Pick<TopicNames, 'planogramDrift'>, drift: VersionDrift): StageOutput {
  return { topic: topics.planogramDrift, key: drift.capture_id, value: drift };
}
