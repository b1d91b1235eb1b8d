/**
 * The inference service: `--tier remote|edge|heuristic` (or INFERENCE_TIER), each tier its own consumer group(s)
 * (packages/contracts/src/consumer-groups.ts) and deployment. Wiring only; see stage.ts for what a record goes through.
 */
import { createBlobStoreFromConfig } from '@shelfstream/blob-store';
import type { RescoreRequested } from '@shelfstream/contracts';
import { loadLabels } from '@shelfstream/detector';
import { StageRunner } from '@shelfstream/kafka';
import { runService } from '@shelfstream/service-kit';
import { inferenceConfig } from './config.js';
import { EdgeTier } from './edge/edge-tier.js';
import { HeuristicTier } from './heuristic-tier.js';
import { degradedLaneInput, rescoreLaneInput, stageInput, type TierInput } from './input.js';
import { memoryLimitBytes, memoryRatio } from './memory-ratio.js';
import { createInferenceMetrics } from './metrics.js';
import { type BreakerState, ModelBreaker } from './model-breaker.js';
import type { ModelTier, TierBatchResult } from './model-tier.js';
import { stageOutputTopics } from './output.js';
import { OipClient } from './remote/oip-client.js';
import { RemoteTier } from './remote/remote-tier.js';
import { createStage } from './stage.js';
import { tierTopics } from './topics.js';
import { BatchSizeController } from './transform/batch-size-controller.js';
import { tierFromArgs } from './transform/tier.js';

await runService({
  name: 'inference',
  summary: 'prepared images in, detections out (tiers: remote -> edge -> heuristic, with fallback)',
  config: inferenceConfig,
  wire: async ({ config, kafka, codec, logger, metrics, args }) => {
    const tier = tierFromArgs(args) ?? config.tier;
    const topics = tierTopics(tier, config.kafkaTopicNamespace);
    const blobs = createBlobStoreFromConfig(config);
    const model: ModelTier =
      tier === 'remote'
        ? new RemoteTier(
            new OipClient({
              baseUrl: config.remoteUrl,
              timeoutMs: config.remoteTimeoutMs,
              maxRetries: config.remoteMaxRetries,
              baseDelayMs: config.remoteBackoffMs,
              maxDelayMs: config.remoteMaxBackoffMs,
            }),
            {
              model: config.remoteModel,
              scoreThreshold: config.scoreThreshold,
              iouThreshold: config.iouThreshold,
            },
          )
        : tier === 'edge'
          ? new EdgeTier({
              routingTablePath: config.routingTablePath,
              threads: config.onnxThreads,
              scoreThreshold: config.scoreThreshold,
              iouThreshold: config.iouThreshold,
            })
          : new HeuristicTier();
    // The model tiers need SKU names; a missing labels file leaves SKUs null rather than stopping the tier.
    const labels =
      tier === 'heuristic'
        ? []
        : await loadLabels(config.labelsPath).catch((err: unknown) => {
            logger.warn({ err, path: config.labelsPath }, 'labels file unreadable: SKUs will be null');
            return [];
          });
    const inferenceMetrics = createInferenceMetrics(metrics);
    const breaker = new ModelBreaker<[string, readonly Buffer[]], TierBatchResult>(
      `inference-${tier}`,
      (route, images) => model.runBatch(route, images),
      {
        errorThresholdPercentage: config.breakerErrorPercent,
        resetTimeoutMs: config.breakerResetMs,
        volumeThreshold: config.breakerVolume,
      },
    );
    const stateValue = { closed: 0, 'half-open': 1, open: 2 } as const;
    inferenceMetrics.breakerState.set({ name: `inference-${tier}` }, 0);
    let breakerState: BreakerState = 'closed';
    breaker.onStateChange((state) => {
      breakerState = state;
      inferenceMetrics.breakerState.set({ name: `inference-${tier}` }, stateValue[state]);
      logger.warn({ tier, state }, 'model breaker changed state');
    });
    const limit = memoryLimitBytes(config.memoryLimitBytes);
    const controller = new BatchSizeController({
      maxBatch: config.maxBatch,
      pressureMaxBatch: config.pressureMaxBatch,
      latencySlaMs: config.latencySlaMs,
    });
    const stage = createStage({
      tier,
      model,
      breaker,
      blobs,
      topics,
      controller,
      adaptive: config.adaptiveBatching,
      maxDelayMs: config.maxDelayMs,
      minMeanConfidence: config.minMeanConfidence,
      skuOf: (i) => labels[i]?.id ?? null,
      memoryRatio: () => memoryRatio(limit),
      metrics: inferenceMetrics,
      logger,
    });
    const deps = {
      kafka,
      codec,
      logger,
      metrics,
      partitionsConsumedConcurrently: config.kafkaPartitionsConsumedConcurrently,
    };
    const base = {
      outputTopics: stageOutputTopics(topics),
      // Chunks as large as the largest batch: the batcher cuts them to its current target.
      maxBatchRecords: config.maxBatch,
    };
    let lastMainChunkAt = 0;
    let lastDegradedChunkAt = 0;
    const main = new StageRunner<TierInput>(
      {
        ...stageInput(tier, config),
        ...base,
        process: async (records) => {
          lastMainChunkAt = Date.now();
          return stage.process(records);
        },
      },
      deps,
    );
    // Tier 1's low-priority lane: its own group, paused while the ready lane has had work in the last second.
    const degradedInput = degradedLaneInput(tier, config);
    const degraded =
      degradedInput === undefined
        ? undefined
        : new StageRunner<TierInput>(
            {
              ...degradedInput,
              ...base,
              process: async (records) => {
                lastDegradedChunkAt = Date.now();
                return stage.process(records);
              },
              isOverloaded: () => Date.now() - lastMainChunkAt < 1000,
            },
            deps,
          );
    // Tier 1's re-score lane, the lowest priority: its own group, small chunks, paused while the breaker is not closed
    // or either other lane has had work in the last second (the runner polls isOverloaded and resumes it after).
    const rescoreInput = rescoreLaneInput(tier, config);
    const rescore =
      rescoreInput === undefined
        ? undefined
        : new StageRunner<RescoreRequested>(
            {
              ...rescoreInput,
              outputTopics: stageOutputTopics({ detections: topics.detections, fallback: null }),
              maxBatchRecords: 8,
              process: stage.processRescore,
              isOverloaded: () =>
                breakerState !== 'closed' ||
                Date.now() - lastMainChunkAt < 1000 ||
                Date.now() - lastDegradedChunkAt < 1000,
            },
            deps,
          );
    return {
      checks: {
        kafka: async () => ({
          ok: main.connected && (degraded?.connected ?? true) && (rescore?.connected ?? true),
        }),
        model: () => model.ready(),
      },
      start: async () => {
        await main.start();
        await degraded?.start();
        await rescore?.start();
        logger.info({ tier, inputs: topics.inputs, rescore: topics.rescore }, 'inference tier consuming');
      },
      stop: async () => {
        stage.drain();
        await rescore?.stop();
        await degraded?.stop();
        await main.stop();
        breaker.shutdown();
        await model.close();
      },
    };
  },
});
