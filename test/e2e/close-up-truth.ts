import { CLOSE_UP_SHARE, type ManifestEntry } from '../../apps/device-simulator/src/index.js';
import { type Planogram, scoreCapture } from '../../packages/planogram/src/index.js';
import type { Scene } from '../../packages/synthetic-shelf/src/index.js';

/** The SKUs the generator left out of stock somewhere in the whole scene (a planned run with no facing). */
export function truthOutOfStockSkus(entry: Pick<ManifestEntry, 'truth'>): Set<string> {
  return new Set(entry.truth.out_of_stock.map((run) => run.sku));
}

/** What is true about the simulator's close-up of a scene (its central CLOSE_UP_SHARE, scaled back to its size). */
export interface CloseUpView {
  /** Share of the scene's products of which less than half is in the close-up (cut off by its frame). */
  readonly cutOff: number;
  /**
   * The score, coverage and out-of-stock SKUs a perfect detector would get: the true boxes of which at least half is
   * in view, mapped into the close-up and clipped to it, scored with SKU identity and the frame's size. A diagnostic
   * that tells the scorer's share of a close-up's error from the detector's (it goes through the scorer).
   */
  readonly score: number;
  readonly coverage: number;
  readonly outOfStock: readonly string[];
}

/** The close-up of `scene` as the generator knows it (see {@link CloseUpView}). */
export function closeUpView(scene: Scene, planogram: Planogram): CloseUpView {
  const { width, height } = scene;
  const left = Math.round((width * (1 - CLOSE_UP_SHARE)) / 2);
  const top = Math.round((height * (1 - CLOSE_UP_SHARE)) / 2);
  const sx = width / (width - 2 * left);
  const sy = height / (height - 2 * top);
  const detections = scene.boxes.flatMap((b) => {
    const x1 = Math.max(0, (b.x1 - left) * sx);
    const x2 = Math.min(width, (b.x2 - left) * sx);
    const y1 = Math.max(0, (b.y1 - top) * sy);
    const y2 = Math.min(height, (b.y2 - top) * sy);
    const inView =
      x2 > x1 && y2 > y1 ? ((x2 - x1) * (y2 - y1)) / ((b.x2 - b.x1) * sx * (b.y2 - b.y1) * sy) : 0;
    return inView >= 0.5 ? [{ x1, y1, x2, y2, sku: b.sku, score: 1 }] : [];
  });
  const result = scoreCapture({
    detections,
    planogram,
    identity: 'sku',
    imageWidth: width,
    imageHeight: height,
  });
  return {
    cutOff: scene.boxes.length > 0 ? 1 - detections.length / scene.boxes.length : 0,
    score: result.score,
    coverage: result.coverage,
    outOfStock: result.skus.filter((s) => s.outOfStock).map((s) => s.sku),
  };
}
