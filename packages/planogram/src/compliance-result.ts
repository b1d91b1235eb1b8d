import type { IdentityMode } from './detection.js';

/** Why a result is partial: the tier gave no SKU identity, so only facing counts were compared. */
export type PartialReason = 'NO_SKU_IDENTITY';

/** A SKU and a number of facings. */
export interface SkuFacings {
  readonly sku: string;
  readonly facings: number;
}

/** Compliance of one shelf (index 0 = top). Percentages are 0..100, not rounded. */
export interface ShelfCompliance {
  readonly index: number;
  /** Facings the planogram expects on this shelf. */
  readonly facingsExpected: number;
  /** Detections grouped onto this shelf. */
  readonly facingsDetected: number;
  /** Detections counted as fulfilling a planned facing (aligned matches; by count when identity is 'none'). */
  readonly facingsMatched: number;
  /** Confidence-weighted matched facings (sum of weights, in facings). */
  readonly matchedWeight: number;
  /** `min(100, 100 * matchedWeight / facingsExpected)`. */
  readonly compliance: number;
  /** SKUs planned on this shelf of which no facing was detected on this shelf. Empty when identity is 'none'. */
  readonly missing: readonly string[];
  /** Planogram SKUs detected here that the alignment could not place on a planned slot. */
  readonly misplaced: readonly SkuFacings[];
  /** SKUs detected here that the planogram does not list at all. */
  readonly unexpected: readonly SkuFacings[];
  /** Detections here without a SKU (all of them when identity is 'none'). */
  readonly unidentified: number;
}

/** Compliance of one SKU over the whole capture. Empty list when identity is 'none'. */
export interface SkuCompliance {
  readonly sku: string;
  readonly facingsExpected: number;
  /** Detections of this SKU anywhere in the capture. */
  readonly facingsFound: number;
  /** Of those, the ones aligned to a planned slot of this SKU. */
  readonly facingsMatched: number;
  /** `facingsFound - facingsMatched` for planogram SKUs; 0 for unexpected ones. */
  readonly facingsMisplaced: number;
  /** Planned (`facingsExpected > 0`) and not detected anywhere in the capture. */
  readonly outOfStock: boolean;
  /** `facingsMisplaced > 0`. */
  readonly misplaced: boolean;
  /** Detected but not in the planogram. */
  readonly unexpected: boolean;
  /** Shelves where the SKU is planned and none of it was detected. */
  readonly missingOnShelves: readonly number[];
  /** Shelves holding facings of it the alignment could not place. */
  readonly misplacedOnShelves: readonly number[];
}

/** Share of shelf of one brand; `brand: null` gathers facings whose brand is unknown. */
export interface BrandShare {
  readonly brand: string | null;
  readonly facings: number;
  /** `facings / all detected facings`, in 0..1. */
  readonly share: number;
}

/** Compliance of one capture against its planogram. */
export interface ComplianceResult {
  /** Overall compliance %, `100 * sum(matchedWeight) / sum(facingsExpected)`. */
  readonly score: number;
  /** True when SKU identity was not available; `skus` is then empty and `missing`/`misplaced` unknown. */
  readonly partial: boolean;
  readonly partialReason: PartialReason | null;
  readonly identity: IdentityMode;
  readonly facingsExpected: number;
  readonly facingsDetected: number;
  readonly facingsMatched: number;
  readonly matchedWeight: number;
  /** Detections dropped because a box coordinate was not a finite number. */
  readonly ignoredDetections: number;
  readonly shelves: readonly ShelfCompliance[];
  readonly skus: readonly SkuCompliance[];
  /** Brands by facings, largest first (ties by name, unknown brand last). */
  readonly shareOfShelf: readonly BrandShare[];
}
