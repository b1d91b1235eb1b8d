import type { ComplianceScored, TopicNames } from '@shelfstream/contracts';
import type { StageOutput } from '@shelfstream/kafka';
import type pg from 'pg';
import { aisleSummaries, saveRollup } from './db/result-store.js';
import { toStageOutputs } from './output.js';
import { rollupWindow } from './transform/rollup-window.js';
import { toCoverageRecapture } from './transform/to-coverage-recapture.js';
import { toRollups } from './transform/to-rollups.js';

/**
 * The records of a stored score: the ComplianceScored and its aisle and store rollups, read back from the results
 * inside the caller's transaction (so they count the capture's latest score) and saved; a rollup that is not the
 * latest of its key is not produced. A first score whose photo showed less than `minCoverage` of the section also
 * asks for a recapture.
 */
export async function scoredOutputs(
  client: pg.PoolClient,
  topics: TopicNames,
  scored: ComplianceScored,
  updatedAt: number,
  minCoverage: number,
): Promise<StageOutput[]> {
  const window = rollupWindow(scored.captured_at);
  const summaries = await aisleSummaries(client, scored.store_id, window);
  const rollups = toRollups(scored.store_id, scored.aisle, window, summaries, scored.capture_id, updatedAt);
  const latest = {
    aisle: await saveRollup(client, rollups.aisle.value),
    store: await saveRollup(client, rollups.store.value),
  };
  const recapture = toCoverageRecapture(scored, minCoverage);
  return toStageOutputs(topics, { kind: 'scored', scored, rollups, latest, recapture });
}
