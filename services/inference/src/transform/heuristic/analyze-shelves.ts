import { findShelfLines } from '@shelfstream/vision';
import { findFacingEdges } from './find-facings.js';
import type { GreyImage } from './grey-image.js';

/** One shelf as the heuristic tier reports it, in the analysed image's pixels. */
export interface HeuristicShelfResult {
  readonly shelfIndex: number;
  readonly yTop: number;
  readonly yBottom: number;
  readonly facings: number;
  readonly facingEdges: readonly number[];
}

/** Version of the heuristic algorithm, reported as DetectionsProduced.model_version. */
export const HEURISTIC_VERSION = 'edge-projection-1';

/**
 * The heuristic tier's analysis, deterministic and model-free: shelf lines from horizontal-edge projections,
 * then each band above a line (from the line above it, or the image top: the products standing on it) searched for facing
 * boundaries. A band with no facing is not reported (a header, an empty gap).
 */
export function analyzeShelves(image: GreyImage): HeuristicShelfResult[] {
  const lines = findShelfLines(image);
  const shelves: HeuristicShelfResult[] = [];
  for (let i = 0; i < lines.length; i++) {
    const yTop = i === 0 ? 0 : (lines[i - 1] as { bottom: number }).bottom;
    const yBottom = (lines[i] as { top: number }).top;
    if (yBottom - yTop < 4) continue;
    const { edges, facings } = findFacingEdges(image, yTop, yBottom);
    if (facings === 0) continue;
    shelves.push({ shelfIndex: shelves.length, yTop, yBottom, facings, facingEdges: edges });
  }
  return shelves;
}
