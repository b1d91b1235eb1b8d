import { type Planogram, scoreCapture } from '@shelfstream/planogram';
import type { Scene } from '@shelfstream/synthetic-shelf';

/**
 * The score a perfect detector would get: the generator's true boxes (confidence 1) scored against `planogram`,
 * with SKU identity (model tiers) or without (heuristic tier, facing counts only).
 */
export function groundTruthScore(scene: Scene, planogram: Planogram, identity: 'sku' | 'none'): number {
  return scoreCapture({
    detections: scene.boxes.map((b) => ({ x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2, sku: b.sku, score: 1 })),
    planogram,
    identity,
    imageHeight: scene.height,
  }).score;
}
