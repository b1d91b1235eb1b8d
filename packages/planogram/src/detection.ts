/**
 * One detected product front, in image pixels (origin top-left, y grows downwards).
 * The scoring service maps the Avro DetectionsProduced boxes onto this shape.
 */
export interface Detection {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  /** Recognised SKU, or null when the tier gives no identity (heuristic) or could not classify. */
  readonly sku: string | null;
  /** Detector confidence in [0, 1]; values outside are clamped by the weighting. */
  readonly score: number;
}

/**
 * Whether detections carry SKU identity: `'sku'` for the model tiers, `'none'` for the
 * heuristic tier, which only counts facings per shelf.
 */
export type IdentityMode = 'sku' | 'none';
