import { iou } from './iou.js';
import type { Detection } from './types.js';

/** Options of {@link nms}. */
export interface NmsOptions {
  /** Suppress a box overlapping a kept box of the same class by more than this IoU. @default 0.6 */
  iouThreshold?: number;
  /** Keep at most this many detections (highest scores first). @default 300 */
  maxDetections?: number;
}

/**
 * Greedy class-aware non-maximum suppression: boxes of different classes never suppress each other.
 * Returns the kept detections sorted by descending score; the input is not modified.
 */
export function nms(detections: readonly Detection[], options: NmsOptions = {}): Detection[] {
  const iouThreshold = options.iouThreshold ?? 0.6;
  const maxDetections = options.maxDetections ?? 300;
  const sorted = detections.slice().sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  const byClass = new Map<number, Detection[]>();
  for (const d of sorted) {
    if (kept.length >= maxDetections) break;
    const same = byClass.get(d.classIndex) ?? [];
    if (same.some((k) => iou(k, d) > iouThreshold)) continue;
    same.push(d);
    byClass.set(d.classIndex, same);
    kept.push(d);
  }
  return kept;
}
