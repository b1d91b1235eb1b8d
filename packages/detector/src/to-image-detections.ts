import { decodeYoloOutput } from './decode-yolo-output.js';
import { type LetterboxGeometry, toSourceBox } from './letterbox.js';
import { nms } from './nms.js';
import type { Detection } from './types.js';

/** Options of {@link toImageDetections}. */
export interface ImageDetectionsOptions {
  /** Minimum class score kept. */
  scoreThreshold: number;
  /** Class-aware NMS IoU threshold. */
  iouThreshold: number;
  /** Detections kept per image. */
  maxDetections: number;
}

/**
 * Turns a YOLO output batch `[N, 4 + classes, anchors]` into each image's detections in that image's own pixels:
 * decode, class-aware NMS, boxes mapped back through the image's letterbox geometry; highest score first.
 * Throws like {@link decodeYoloOutput} on a malformed tensor.
 */
export function toImageDetections(
  data: Float32Array,
  dims: readonly number[],
  geometries: readonly LetterboxGeometry[],
  options: ImageDetectionsOptions,
): Detection[][] {
  const candidates = decodeYoloOutput(data, dims, { scoreThreshold: options.scoreThreshold });
  return candidates.map((c, i) => {
    const g = geometries[i];
    if (g === undefined) throw new RangeError(`no letterbox geometry for image ${i} of the output batch`);
    return nms(c, options).map((d) => toSourceBox(d, g));
  });
}
