import type { DetectionsProduced, HeuristicShelf } from '@shelfstream/contracts';
import type { Detection, IdentityMode } from '@shelfstream/planogram';
import { detectionsFound } from './detections-found.js';

/** The parts of `scoreCapture`'s input that come from a DetectionsProduced record. */
export interface DetectionsScoreInput {
  readonly detections: readonly Detection[];
  readonly identity: IdentityMode;
  readonly imageHeight?: number;
  /** Lets the scorer tell the ends of shelves cut off by the frame (partial coverage). */
  readonly imageWidth?: number;
}

/**
 * Maps an Avro DetectionsProduced onto `@shelfstream/planogram`'s input: boxes as they are, identity `'sku'` for
 * the model tiers and `'none'` for the heuristic tier (its result is partial: facing counts only). A heuristic record
 * that found no facing at all is scored by SKU: with nothing to identify, every planned SKU has 0 facings, and an
 * empty shelf gets its per-SKU out-of-stock findings (model tiers find nothing there either and fall back to the
 * heuristic, so this is how an empty shelf is scored).
 *
 * A heuristic record that counted facings per shelf (`shelf_facings`) but sent no boxes gets one box per counted
 * facing, laid out inside the shelf band (between its facing edges when it has `facings + 1` of them), with full
 * confidence: the heuristic has no confidence of its own.
 */
export function toScoreInput(record: DetectionsProduced): DetectionsScoreInput {
  const identity: IdentityMode = record.tier === 'HEURISTIC' && detectionsFound(record) > 0 ? 'none' : 'sku';
  const boxes: Detection[] = record.detections.map((d) => ({
    x1: d.x1,
    y1: d.y1,
    x2: d.x2,
    y2: d.y2,
    sku: identity === 'sku' ? d.sku : null,
    score: d.score,
  }));
  const detections =
    identity === 'none' && boxes.length === 0 && record.shelf_facings.length > 0
      ? record.shelf_facings.flatMap((shelf) => facingBoxes(shelf, record.image_width))
      : boxes;
  return {
    detections,
    identity,
    ...(record.image_height > 0 ? { imageHeight: record.image_height } : {}),
    ...(record.image_width > 0 ? { imageWidth: record.image_width } : {}),
  };
}

function facingBoxes(shelf: HeuristicShelf, imageWidth: number): Detection[] {
  const count = Math.max(0, Math.floor(shelf.facings));
  if (count === 0) return [];
  const edges =
    shelf.facing_edges.length === count + 1
      ? shelf.facing_edges
      : Array.from({ length: count + 1 }, (_, i) => (i * Math.max(imageWidth, count)) / count);
  return Array.from({ length: count }, (_, i) => ({
    x1: edges[i] as number,
    y1: shelf.y_top,
    x2: edges[i + 1] as number,
    y2: shelf.y_bottom,
    sku: null,
    score: 1,
  }));
}
