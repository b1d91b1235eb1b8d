import assert from 'node:assert/strict';
import type { ComplianceScored, InferenceTier } from '../../packages/contracts/src/index.js';
import { readTopic } from '../../packages/testkit/src/index.js';

type Kafka = Parameters<typeof readTopic>[0];

/** Reads `topic` from the beginning (read_committed) until nothing arrived for 3 s. */
async function readQuietTopic(kafka: Kafka, topic: string) {
  // No `until`: the topic is done once it has been quiet for settleMs; the long timeout only bounds a stuck read.
  return readTopic(kafka, topic, { until: () => true, settleMs: 3000, timeoutMs: 600_000 });
}

/** Records per key on `topic` (read_committed), read from the beginning until nothing arrived for 3 s. */
export async function countByKey(kafka: Kafka, topic: string): Promise<Map<string, number>> {
  const records = await readQuietTopic(kafka, topic);
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.key ?? '', (counts.get(record.key ?? '') ?? 0) + 1);
  return counts;
}

/** The ComplianceScored records of a topic by capture id, in topic order. */
export interface ComplianceRecords {
  readonly byCapture: ReadonlyMap<string, readonly ComplianceScored[]>;
  /** First scores (`supersedes` null) of a capture. */
  firstScores(captureId: string): ComplianceScored[];
  /** Re-scores (`supersedes` set) of a capture. */
  rescores(captureId: string): ComplianceScored[];
}

/**
 * Every ComplianceScored on the session's compliance topic (read_committed, from the beginning, until quiet for 3 s),
 * decoded and grouped by capture id.
 */
export async function readComplianceRecords(session: {
  readonly kafka: Kafka;
  readonly codec: { decode<T>(value: Buffer | null, topic: string): Promise<T> };
  readonly topics: { readonly compliance: string };
}): Promise<ComplianceRecords> {
  const topic = session.topics.compliance;
  const byCapture = new Map<string, ComplianceScored[]>();
  for (const record of await readQuietTopic(session.kafka, topic)) {
    const value = await session.codec.decode<ComplianceScored>(record.value, topic);
    assert.equal(record.key, value.capture_id, 'compliance records are keyed by capture id');
    byCapture.set(value.capture_id, [...(byCapture.get(value.capture_id) ?? []), value]);
  }
  const of = (id: string) => byCapture.get(id) ?? [];
  return {
    byCapture,
    firstScores: (id) => of(id).filter((r) => r.supersedes === null),
    rescores: (id) => of(id).filter((r) => r.supersedes !== null),
  };
}

const TIER_RANK: Readonly<Record<InferenceTier, number>> = { REMOTE: 0, EDGE: 1, HEURISTIC: 2 };

/**
 * Asserts that a scored capture was scored once: exactly one first score (`supersedes` null) and at most one re-score
 * per tier, each by a better tier than the score it names. A legitimate re-score (the capture fell back while tier 1
 * was down) is no failure; a second first score or a second re-score by one tier is. Returns the re-score count.
 */
export function assertScoredOnce(records: ComplianceRecords, captureId: string): number {
  const first = records.firstScores(captureId);
  assert.equal(first.length, 1, `${captureId}: one first score (supersedes null), got ${first.length}`);
  const rescores = records.rescores(captureId);
  const tiers = rescores.map((r) => r.tier);
  assert.equal(
    new Set(tiers).size,
    tiers.length,
    `${captureId}: at most one re-score per tier (${tiers.join(', ')})`,
  );
  for (const r of rescores) {
    const earlier = r.supersedes?.tier ?? r.tier;
    assert.ok(
      TIER_RANK[r.tier] < TIER_RANK[earlier],
      `${captureId}: re-score by ${r.tier} supersedes ${earlier}`,
    );
  }
  return rescores.length;
}
