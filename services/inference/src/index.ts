/**
 * The inference stage's building blocks, exported for the benchmark and for tests of other packages. The service
 * itself starts from main.ts (`pnpm --filter @shelfstream/inference start -- --tier edge`).
 *
 * @example
 * const controller = new BatchSizeController({ maxBatch: 32, latencySlaMs: 2000 });
 * const batcher = new DynamicBatcher({ batchSize: () => controller.next, maxDelayMs: 20, run });
 */
export { type InferenceConfig, inferenceConfig } from './config.js';
export { EdgeTier } from './edge/edge-tier.js';
export { loadRoutingTable, type RoutingTable } from './edge/routing-table.js';
export { HeuristicTier } from './heuristic-tier.js';
export { createInferenceMetrics, InferenceMetricNames, type InferenceMetrics } from './metrics.js';
export { type BreakerState, ModelBreaker, type ModelBreakerOptions } from './model-breaker.js';
export type { ModelTier, TierBatchResult, TierDetection, TierImageResult } from './model-tier.js';
export { type InferenceReason, InferenceReasons } from './reasons.js';
export { OipClient, type OipClientOptions, type OipModelMetadata } from './remote/oip-client.js';
export { RemoteTier, type RemoteTierOptions } from './remote/remote-tier.js';
export { type TierTopics, tierTopics } from './topics.js';
export {
  type BatchDecision,
  type BatchObservation,
  BatchSizeController,
  type BatchSizeControllerOptions,
} from './transform/batch-size-controller.js';
export {
  type Batch,
  type BatcherClock,
  DynamicBatcher,
  type DynamicBatcherOptions,
} from './transform/dynamic-batcher.js';
export {
  analyzeShelves,
  HEURISTIC_VERSION,
  type HeuristicShelfResult,
} from './transform/heuristic/analyze-shelves.js';
export { TIERS, type Tier, tierFromArgs } from './transform/tier.js';
