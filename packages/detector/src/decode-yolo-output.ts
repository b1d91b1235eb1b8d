import { StageError } from '@shelfstream/errors';
import { DetectorReasons } from './reasons.js';
import type { Detection } from './types.js';

/** Options of {@link decodeYoloOutput}. */
export interface DecodeOptions {
  /** Keep candidates whose best class score is at least this. @default 0.25 */
  scoreThreshold?: number;
}

/**
 * Decodes an Ultralytics-style YOLO output tensor `[N, 4 + classes, anchors]` (rows cx, cy, w, h in input
 * pixels, then one sigmoid score per class, no objectness) into candidate detections per image, in input
 * pixels. Each anchor yields at most one candidate: its best class. Run {@link nms} afterwards.
 *
 * Throws a StageError `DETECTOR_OUTPUT_SHAPE_INVALID` when `dims` is not `[N, 4 + C, A]` with C >= 1.
 */
export function decodeYoloOutput(
  data: Float32Array,
  dims: readonly number[],
  options: DecodeOptions = {},
): Detection[][] {
  const threshold = options.scoreThreshold ?? 0.25;
  const [n, rows, anchors] = dims;
  if (dims.length !== 3 || n === undefined || rows === undefined || anchors === undefined || rows < 5)
    throw shapeError(`expected [N, 4 + classes, anchors], got [${dims.join(', ')}]`);
  if (data.length !== n * rows * anchors)
    throw shapeError(
      `tensor holds ${data.length} values, dims [${dims.join(', ')}] need ${n * rows * anchors}`,
    );
  const classes = rows - 4;
  const out: Detection[][] = [];
  for (let b = 0; b < n; b++) {
    const base = b * rows * anchors;
    const found: Detection[] = [];
    for (let a = 0; a < anchors; a++) {
      let best = -1;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < classes; c++) {
        const s = data[base + (4 + c) * anchors + a] as number;
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      if (bestScore < threshold) continue;
      const cx = data[base + a] as number;
      const cy = data[base + anchors + a] as number;
      const w = data[base + 2 * anchors + a] as number;
      const h = data[base + 3 * anchors + a] as number;
      found.push({
        x1: cx - w / 2,
        y1: cy - h / 2,
        x2: cx + w / 2,
        y2: cy + h / 2,
        classIndex: best,
        score: bestScore,
      });
    }
    out.push(found);
  }
  return out;
}

function shapeError(message: string): StageError {
  return new StageError('DETECTOR_OUTPUT_SHAPE_INVALID', message, {
    retriable: DetectorReasons.DETECTOR_OUTPUT_SHAPE_INVALID.retriable,
  });
}
