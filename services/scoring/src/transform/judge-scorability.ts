import type { DetectionsProduced } from '@shelfstream/contracts';
import type { Planogram } from '@shelfstream/planogram';
import type { ScoringReason } from '../reasons.js';
import { detectionsFound } from './detections-found.js';

/** The reason codes that end a capture UNSCORABLE. */
export type UnscorableCode = Extract<ScoringReason, 'SCORING_NO_SHELF_FOUND' | 'SCORING_TOO_FEW_DETECTIONS'>;

/** Whether a detections record can be scored against its planogram, and why not. */
export type Scorability =
  | { readonly kind: 'scorable' }
  | {
      readonly kind: 'unscorable';
      readonly code: UnscorableCode;
      readonly detectionsFound: number;
      readonly minDetections: number;
    };

/**
 * Decides whether a photo shows a shelf to score. A score of 0 means "everything out of stock", so a photo with no
 * shelf in it (blank, black, blurred flat, wall, floor, a hand over the lens) must not get one: it would send staff
 * to a full shelf.
 *
 * - A shelf line seen by preprocessing makes the photo scorable: an EMPTY shelf (edges visible, no product) is a
 *   real 0 with every SKU out of stock.
 * - No shelf line and no detection: `SCORING_NO_SHELF_FOUND`.
 * - No shelf line and fewer detections than `minDetectionsWithoutShelf` (or the planogram's facings, if it plans
 *   fewer): `SCORING_TOO_FEW_DETECTIONS`; products close up without a visible shelf edge still score when there
 *   are enough of them.
 * - `shelf_lines_found` null (a producer that does not measure it): scorable, as before.
 */
export function judgeScorability(
  record: DetectionsProduced,
  planogram: Planogram,
  minDetectionsWithoutShelf: number,
): Scorability {
  const lines = record.shelf_lines_found ?? null;
  if (lines === null || lines > 0) return { kind: 'scorable' };
  const found = detectionsFound(record);
  const minDetections = Math.max(1, Math.min(minDetectionsWithoutShelf, plannedFacings(planogram)));
  if (found >= minDetections) return { kind: 'scorable' };
  return {
    kind: 'unscorable',
    code: found === 0 ? 'SCORING_NO_SHELF_FOUND' : 'SCORING_TOO_FEW_DETECTIONS',
    detectionsFound: found,
    minDetections,
  };
}

function plannedFacings(planogram: Planogram): number {
  return planogram.shelves.reduce(
    (sum, shelf) => sum + shelf.facings.reduce((n, run) => n + run.facings, 0),
    0,
  );
}
