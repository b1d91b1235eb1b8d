import type { ManifestEntry } from '@shelfstream/device-simulator';
import { aisleKey } from '../demo-catalog.js';
import type { DemoSession } from '../demo-session.js';
import { groundTruthScore } from '../ground-truth.js';
import { checkScores, e2eTolerances, MIN_JUDGED_CAPTURES, type TierScoreCheck } from './score-check.js';

/** Reads the scores of `ids` and compares them with the generator's ground truth per tier (e2e tolerances; tiers of fewer than MIN_JUDGED_CAPTURES captures are not judged). */
export async function readScoreCheck(
  session: DemoSession,
  entries: readonly ManifestEntry[],
  ids: readonly string[],
): Promise<TierScoreCheck[]> {
  const { rows } = await session.pool.query<{
    capture_id: string;
    score: number;
    tier: string;
    quality: string;
  }>(
    'select capture_id, score, tier, quality from shelfstream.compliance_results where capture_id = any($1)',
    [ids],
  );
  const entryOf = new Map(entries.map((e) => [e.capture_id, e]));
  const aisleOf = new Map(session.aisles.map((a) => [aisleKey(a.storeId, a.aisle), a]));
  return checkScores(
    rows.map((r) => {
      const e = entryOf.get(r.capture_id);
      const aisle = e && aisleOf.get(aisleKey(e.store_id, e.aisle));
      const identity = r.tier === 'HEURISTIC' ? 'none' : 'sku';
      // An empty-shelf photo shows the aisle's fixture with no product: its truth is 0, not the stocked scene's.
      const truth =
        e?.kind === 'empty-shelf'
          ? 0
          : aisle
            ? groundTruthScore(aisle.scene, aisle.planogram, identity)
            : undefined;
      return { captureId: r.capture_id, tier: r.tier, quality: r.quality, score: r.score, truth };
    }),
    e2eTolerances(),
    MIN_JUDGED_CAPTURES,
  );
}
