import type { ComplianceScored, RecaptureRequested } from '@shelfstream/contracts';

/**
 * The request to photograph the shelf again when a first score's photo showed less than `minCoverage` of the planned
 * section (`SCORING_LOW_COVERAGE`: held too close), or null. The capture keeps its score, of the part in view; a
 * re-score of the same photo asks nothing again.
 */
export function toCoverageRecapture(
  scored: ComplianceScored,
  minCoverage: number,
): RecaptureRequested | null {
  if (scored.supersedes !== null || !(scored.coverage < minCoverage)) return null;
  return {
    store_id: scored.store_id,
    aisle: scored.aisle,
    fixture_type: scored.fixture_type,
    device_id: scored.device_id,
    capture_id: scored.capture_id,
    captured_at: scored.captured_at,
    reasons: ['SCORING_LOW_COVERAGE'],
    requested_at: scored.scored_at,
  };
}
