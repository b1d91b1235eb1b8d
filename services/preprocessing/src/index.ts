/**
 * The preprocessing stage as a library: its config, reason codes, topic wiring and record processor, for tests,
 * the benchmark and tools. The service itself starts from main.ts.
 *
 * @example
 * import { createCaptureProcessor, PreprocessReasons } from '@shelfstream/preprocessing';
 */
export {
  type CaptureProcessorDeps,
  createCaptureProcessor,
  type ProcessCaptures,
} from './capture-processor.js';
export { preprocessingConfig } from './config.js';
export { type PreprocessingInput, preprocessingInput, STAGE_NAME } from './input.js';
export { createPreprocessMetrics, PreprocessMetricNames, type PreprocessMetrics } from './metrics.js';
export { toStageOutputs } from './output.js';
export { type PreprocessReasonCode, PreprocessReasons } from './reasons.js';
export { toFailureOutcome } from './transform/failure-outcome.js';
export {
  type PreparedImage,
  type PrepareImageOptions,
  type PrepareTimings,
  prepareImage,
} from './transform/prepare-image.js';
export {
  judgeQuality,
  type QualityInput,
  type QualityThresholds,
  type QualityVerdict,
} from './transform/quality-verdict.js';
export { type Route, toRoute } from './transform/route.js';
export { type PreparedFacts, toImagePrepared } from './transform/to-image-prepared.js';
export { toRecaptureRequest } from './transform/to-recapture-request.js';
