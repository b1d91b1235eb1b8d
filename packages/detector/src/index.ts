/**
 * The bundled shelf detector: YOLO-format ONNX inference (one long-lived onnxruntime session), letterbox
 * geometry, output decoding, class-aware NMS and mAP50 evaluation.
 *
 * @example
 * import { OnnxDetector, loadLabels } from '@shelfstream/detector';
 * const detector = await OnnxDetector.create({ modelPath: 'models/shelf-detector.onnx', intraOpNumThreads: 1 });
 * const labels = await loadLabels('models/labels.json');
 * const [detections] = await detector.detect([jpegBuffer]);
 * for (const d of detections ?? []) console.log(labels[d.classIndex]?.id, d.score, d.x1, d.y1, d.x2, d.y2);
 */
export { type DecodeOptions, decodeYoloOutput } from './decode-yolo-output.js';
export {
  type ClassMetrics,
  type EvaluateOptions,
  evaluateMap50,
  type MapResult,
} from './evaluate-map50.js';
export { iou } from './iou.js';
export {
  LETTERBOX_PAD_VALUE,
  type LetterboxGeometry,
  letterbox,
  toInputBox,
  toSourceBox,
} from './letterbox.js';
export {
  type LetterboxedBatch,
  type LetterboxedByteBatch,
  letterboxBatch,
  letterboxByteBatch,
} from './letterbox-batch.js';
export { type ClassLabel, loadLabels, parseLabels } from './load-labels.js';
export { type NmsOptions, nms } from './nms.js';
export { type DetectTimings, OnnxDetector, type OnnxDetectorOptions } from './onnx-detector.js';
export {
  type DetectorImage,
  type Letterboxed,
  letterboxImage,
  type RawImage,
  resizeForLetterbox,
} from './preprocess.js';
export { type DetectorReason, DetectorReasons } from './reasons.js';
export { type ImageDetectionsOptions, toImageDetections } from './to-image-detections.js';
export { type RawImageInfo, toNchwFloat32 } from './to-nchw-float32.js';
export type { Box, Detection, TruthBox } from './types.js';
