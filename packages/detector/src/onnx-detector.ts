import { StageError } from '@shelfstream/errors';
import * as ort from 'onnxruntime-node';
import { type LetterboxedBatch, letterboxBatch } from './letterbox-batch.js';
import type { DetectorImage } from './preprocess.js';
import { DetectorReasons } from './reasons.js';
import { toImageDetections } from './to-image-detections.js';
import type { Detection } from './types.js';

/** Options of {@link OnnxDetector.create}. */
export interface OnnxDetectorOptions {
  /** Path of the ONNX file (Ultralytics YOLO export layout). */
  modelPath: string;
  /** onnxruntime intra-op threads. @default 1 */
  intraOpNumThreads?: number;
  /** onnxruntime inter-op threads. @default 1 */
  interOpNumThreads?: number;
  /** Minimum class score kept. @default 0.25 */
  scoreThreshold?: number;
  /** Class-aware NMS IoU threshold. @default 0.6 */
  iouThreshold?: number;
  /** Detections kept per image. @default 300 */
  maxDetections?: number;
  /** Input size used when the model's input dims are symbolic. @default 416 (pixels) */
  fallbackInputSize?: number;
}

/** Timings of the last {@link OnnxDetector.detect} call, in milliseconds. */
export interface DetectTimings {
  preprocessMs: number;
  inferenceMs: number;
  postprocessMs: number;
}

/**
 * The bundled detector: ONE long-lived onnxruntime session (creating sessions repeatedly leaks,
 * onnxruntime#25325) that letterboxes images, runs them as one batch and returns detections in each
 * image's own pixels.
 *
 * `session.run()` blocks the calling thread for the whole batch: call {@link detect} from an inference
 * worker, never from the thread that heartbeats Kafka (see PITFALLS.md).
 */
export class OnnxDetector {
  /** Timings of the last `detect()` call. */
  lastTimings: DetectTimings = { preprocessMs: 0, inferenceMs: 0, postprocessMs: 0 };
  private input: Float32Array = new Float32Array(0);

  private constructor(
    private readonly session: ort.InferenceSession,
    /** Model input width in pixels. */
    readonly inputWidth: number,
    /** Model input height in pixels. */
    readonly inputHeight: number,
    private readonly options: Required<Omit<OnnxDetectorOptions, 'modelPath' | 'fallbackInputSize'>>,
  ) {}

  /**
   * Loads the model. Throws a StageError `DETECTOR_MODEL_LOAD_FAILED` when the file is missing or invalid.
   */
  static async create(options: OnnxDetectorOptions): Promise<OnnxDetector> {
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(options.modelPath, {
        executionProviders: ['cpu'],
        graphOptimizationLevel: 'all',
        intraOpNumThreads: options.intraOpNumThreads ?? 1,
        interOpNumThreads: options.interOpNumThreads ?? 1,
        // Spinning worker threads burn a core while idle; on a shared 2-core box that starves Kafka/health.
        extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
      });
    } catch (cause) {
      throw new StageError('DETECTOR_MODEL_LOAD_FAILED', `cannot load ONNX model ${options.modelPath}`, {
        retriable: DetectorReasons.DETECTOR_MODEL_LOAD_FAILED.retriable,
        cause,
      });
    }
    const meta = session.inputMetadata[0];
    const shape = meta?.isTensor ? meta.shape : [];
    const fallback = options.fallbackInputSize ?? 416;
    const dim = (v: number | string | undefined): number => (typeof v === 'number' && v > 0 ? v : fallback);
    return new OnnxDetector(session, dim(shape[3]), dim(shape[2]), {
      intraOpNumThreads: options.intraOpNumThreads ?? 1,
      interOpNumThreads: options.interOpNumThreads ?? 1,
      scoreThreshold: options.scoreThreshold ?? 0.25,
      iouThreshold: options.iouThreshold ?? 0.6,
      maxDetections: options.maxDetections ?? 300,
    });
  }

  /**
   * Detects products in each image (one batch, one `session.run`). Returns, per image, detections in that
   * image's original pixels, highest score first.
   */
  async detect(images: readonly DetectorImage[]): Promise<Detection[][]> {
    if (images.length === 0) return [];
    const t0 = performance.now();
    const { inputWidth: w, inputHeight: h } = this;
    let batch: LetterboxedBatch;
    try {
      batch = await letterboxBatch(images, w, h, this.input);
    } catch (cause) {
      throw new StageError('DETECTOR_IMAGE_DECODE_FAILED', 'cannot decode an input image', {
        retriable: DetectorReasons.DETECTOR_IMAGE_DECODE_FAILED.retriable,
        cause,
      });
    }
    // Keep the largest tensor so far: the next batch of that size or smaller allocates nothing.
    if (batch.tensor.buffer !== this.input.buffer) this.input = batch.tensor;
    const t1 = performance.now();
    const inputName = this.session.inputNames[0] ?? 'images';
    const outputName = this.session.outputNames[0] ?? 'output0';
    let output: ort.Tensor;
    try {
      const tensor = new ort.Tensor('float32', batch.tensor, [images.length, 3, h, w]);
      const result = await this.session.run({ [inputName]: tensor });
      output = result[outputName] as ort.Tensor;
    } catch (cause) {
      throw new StageError('DETECTOR_INFERENCE_FAILED', 'onnxruntime session.run failed', {
        retriable: DetectorReasons.DETECTOR_INFERENCE_FAILED.retriable,
        cause,
      });
    }
    const t2 = performance.now();
    const detections = toImageDetections(
      output.data as Float32Array,
      output.dims,
      batch.geometries,
      this.options,
    );
    this.lastTimings = { preprocessMs: t1 - t0, inferenceMs: t2 - t1, postprocessMs: performance.now() - t2 };
    return detections;
  }

  /** Releases the native session; the detector is unusable afterwards. */
  async release(): Promise<void> {
    await this.session.release();
  }
}
