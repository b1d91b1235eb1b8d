import { defineReasons } from '@shelfstream/errors';

/** Reason codes raised by the detector library. */
export const DetectorReasons = defineReasons({
  DETECTOR_MODEL_LOAD_FAILED: {
    retriable: false,
    description: 'the ONNX model file could not be read or onnxruntime rejected it',
  },
  DETECTOR_LABELS_INVALID: {
    retriable: false,
    description: 'labels.json is missing, not JSON, or not an index -> {id, name, brand} map',
  },
  DETECTOR_OUTPUT_SHAPE_INVALID: {
    retriable: false,
    description: 'the model output is not [N, 4 + classes, anchors] (not an Ultralytics-style YOLO export?)',
  },
  DETECTOR_IMAGE_DECODE_FAILED: {
    retriable: false,
    description: 'sharp could not decode an input image',
  },
  DETECTOR_INFERENCE_FAILED: {
    retriable: true,
    description: 'onnxruntime failed while running the session',
  },
});

/** A detector reason code. */
export type DetectorReason = keyof typeof DetectorReasons;
