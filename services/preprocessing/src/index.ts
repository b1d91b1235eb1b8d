/**
 * The preprocessing stage as a library: its config, reason codes, topic wiring and stage step, for tests, the
 * benchmark and tools. The service itself starts from main.ts.
 *
 * @example
 * import { createStage, PreprocessReasons } from '@shelfstream/preprocessing';
 */
export { preprocessingConfig } from './config.js';
export { stageInput } from './input.js';
export { createPreprocessMetrics, PreprocessMetricNames, type PreprocessMetrics } from './metrics.js';
export { stageOutputTopics, toStageOutputs } from './output.js';
export { type PreprocessReason, PreprocessReasons } from './reasons.js';
export { createStage, type StageDeps } from './stage.js';
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
