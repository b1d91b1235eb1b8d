import type { IdentityMode } from './detection.js';

/**
 * Why a result is partial: the tier gave no SKU identity, so only facing counts were compared
 * (`NO_SKU_IDENTITY`), or part of the planned section is outside the photo (`OUT_OF_FRAME`).
 */
export type PartialReason = 'NO_SKU_IDENTITY' | 'OUT_OF_FRAME';

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
  /** Of those, the planned slots outside the photo (cut off by the frame): not scored. */
  readonly facingsNotSeen: number;
  /** Detections grouped onto this shelf. */
  readonly facingsDetected: number;
  /** Detections counted as fulfilling a planned facing (aligned matches; by count when identity is 'none'). */
  readonly facingsMatched: number;
  /** Confidence-weighted matched facings (sum of weights, in facings). */
  readonly matchedWeight: number;
  /** `min(100, 100 * matchedWeight / (facingsExpected - facingsNotSeen))`: the slots in view; 100 with none. */
  readonly compliance: number;
  /** SKUs planned on this shelf of which no facing was detected on this shelf. Empty when identity is 'none'. */
  readonly missing: readonly string[];
  /** SKUs planned on this shelf, none detected here, whose slots here are all outside the photo. */
  readonly notSeen: readonly string[];
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
  /** Planned slots of the SKU outside the photo. */
  readonly facingsNotSeen: number;
  /** Planned, not detected anywhere in the capture, and some planned slot of it in view. */
  readonly outOfStock: boolean;
  /** Planned, not detected, and every planned slot of it outside the photo: unknown, never out of stock. */
  readonly notSeen: boolean;
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
  /** Overall compliance % of the part in view, `100 * sum(matchedWeight) / sum(facingsExpected - facingsNotSeen)`. */
  readonly score: number;
  /**
   * True when SKU identity was not available (`skus` is then empty and `missing`/`misplaced` unknown) or when part
   * of the planned section is outside the photo.
   */
  readonly partial: boolean;
  readonly partialReason: PartialReason | null;
  readonly identity: IdentityMode;
  readonly facingsExpected: number;
  /** Planned slots outside the photo (left, right, or whole shelves above or below it): not scored. */
  readonly facingsNotSeen: number;
  /** Share of the planned facings in view, `1 - facingsNotSeen / facingsExpected` (0..1; 1 for a full view). */
  readonly coverage: number;
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
