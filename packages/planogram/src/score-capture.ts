import type { ComplianceResult, ShelfCompliance } from './compliance-result.js';
import {
  assertConfidenceFloor,
  confidenceWeight,
  DEFAULT_CONFIDENCE_FLOOR,
  WEIGHT_UNIT,
} from './confidence-weight.js';
import type { Detection, IdentityMode } from './detection.js';
import { groupIntoShelves, PITCH_PER_BOX_HEIGHT } from './group-into-shelves.js';
import { expandFacings } from './internal/expand-facings.js';
import { frameOf, shelvesOutOfFrame } from './internal/frame-edges.js';
import { median } from './internal/median.js';
import { percentOf } from './internal/percent.js';
import { placeRowsByContent } from './internal/place-rows-by-content.js';
import { scoreShelfByCount } from './internal/score-shelf-by-count.js';
import { type ShelfScoredBySku, scoreShelfBySku } from './internal/score-shelf-by-sku.js';
import { shareOfShelf } from './internal/share-of-shelf.js';
import { summariseSkus } from './internal/summarise-skus.js';
import type { Planogram } from './planogram.js';

/** Input of {@link scoreCapture}; the scoring service maps the Avro records onto it. */
export interface ScoreCaptureInput {
  readonly detections: readonly Detection[];
  /** A planogram as returned by `parsePlanogram` (at least one shelf). */
  readonly planogram: Planogram;
  /** `'sku'` for model tiers; `'none'` for the heuristic tier (any `sku` on a detection is then ignored). */
  readonly identity: IdentityMode;
  /** sku -> brand; wins over the planogram catalog's brand. */
  readonly brands?: Readonly<Record<string, string>>;
  /**
   * Height of the analysed image in pixels; helps place empty shelves (see `groupIntoShelves`), and lets shelves
   * above or below the frame count as not seen.
   */
  readonly imageHeight?: number;
  /** Width of the analysed image in pixels; lets the ends of shelves cut off by the frame count as not seen. */
  readonly imageWidth?: number;
  /**
   * Confidence at and above which a matched facing counts in full; below it a facing counts
   * `score / confidenceFloor`. Must be in (0, 1]. @default 0.5
   */
  readonly confidenceFloor?: number;
}

/**
 * Scores one capture against its planogram. Pure and deterministic: the same detections in any
 * order give a deep-equal result.
 *
 * Steps: group detections into the planogram's shelves (`groupIntoShelves`), order each shelf left
 * to right, then per shelf either align SKU sequences (`scoreShelfBySku`) or, without identity,
 * compare facing counts (`scoreShelfByCount`, result flagged `partial`). Overall score =
 * `100 * sum over shelves of matched weight / sum of expected facings`.
 *
 * @throws RangeError when the planogram has no shelves or `confidenceFloor` is out of range
 * (both are caller bugs: validate planograms with `parsePlanogram`).
 */
export function scoreCapture(input: ScoreCaptureInput): ComplianceResult {
  const { planogram, identity } = input;
  const floor = input.confidenceFloor ?? DEFAULT_CONFIDENCE_FLOOR;
  assertConfidenceFloor(floor);
  let grouped = groupIntoShelves(
    input.detections,
    planogram.shelves.length,
    input.imageHeight === undefined ? {} : { imageHeight: input.imageHeight },
  );
  const weightsOf = (shelf: readonly Detection[]): number[] =>
    shelf.map((d) => confidenceWeight(d.score, floor));

  let shelves: ShelfCompliance[];
  let matchedUnits = 0;
  let bySku: ShelfScoredBySku[] = [];
  if (identity === 'sku') {
    const planogramSkus = new Set(planogram.shelves.flatMap(expandFacings));
    // Frame-aware scoring (issue 14 point 5) needs the whole frame: with only the height (or nothing), rows and
    // shelves are placed and counted as before. Its estimates trade monotonicity for coverage: removing a detection
    // can move rows to better-matching shelves or put a shelf out of frame, and so raise the score.
    const frameAware = input.imageWidth !== undefined && input.imageWidth > 0;
    if (frameAware) grouped = placeRowsByContent(grouped, planogram.shelves.map(expandFacings), weightsOf);
    const frame = frameOf(
      frameAware ? input.imageWidth : undefined,
      frameAware ? input.imageHeight : undefined,
      grouped.flat(),
    );
    const boxHeights = grouped.flat().map((d) => d.y2 - d.y1);
    const outOfFrame = shelvesOutOfFrame(grouped, frame, PITCH_PER_BOX_HEIGHT * median(boxHeights));
    bySku = grouped.map((detections, s) =>
      scoreShelfBySku(
        s,
        planogram.shelves[s]!,
        detections,
        weightsOf(detections),
        planogramSkus,
        frame,
        outOfFrame.has(s),
      ),
    );
    shelves = bySku.map((r) => r.shelf);
    for (const r of bySku) matchedUnits += r.alignment.matchedWeight;
  } else {
    shelves = grouped.map((detections, s) => {
      const r = scoreShelfByCount(s, expandFacings(planogram.shelves[s]!).length, weightsOf(detections));
      matchedUnits += r.matchedUnits;
      return r.shelf;
    });
  }

  const facingsExpected = shelves.reduce((sum, s) => sum + s.facingsExpected, 0);
  const facingsNotSeen = shelves.reduce((sum, s) => sum + s.facingsNotSeen, 0);
  const facingsDetected = shelves.reduce((sum, s) => sum + s.facingsDetected, 0);
  const detectedSkus = grouped.flat().map((d) => (identity === 'sku' ? d.sku : null));
  const brandOf = (sku: string): string | undefined => {
    // Own properties only: a SKU named like an Object.prototype member must not find a function.
    if (input.brands !== undefined && Object.hasOwn(input.brands, sku)) return input.brands[sku];
    if (planogram.catalog !== undefined && Object.hasOwn(planogram.catalog, sku))
      return planogram.catalog[sku]?.brand;
    return undefined;
  };
  return {
    score: percentOf(matchedUnits, facingsExpected - facingsNotSeen),
    partial: identity === 'none' || facingsNotSeen > 0,
    partialReason: identity === 'none' ? 'NO_SKU_IDENTITY' : facingsNotSeen > 0 ? 'OUT_OF_FRAME' : null,
    identity,
    facingsExpected,
    facingsNotSeen,
    coverage: facingsExpected > 0 ? 1 - facingsNotSeen / facingsExpected : 1,
    facingsDetected,
    facingsMatched: shelves.reduce((sum, s) => sum + s.facingsMatched, 0),
    matchedWeight: matchedUnits / WEIGHT_UNIT,
    ignoredDetections: input.detections.length - facingsDetected,
    shelves,
    skus: identity === 'sku' ? summariseSkus(planogram, bySku) : [],
    shareOfShelf: shareOfShelf(detectedSkus, brandOf),
  };
}
