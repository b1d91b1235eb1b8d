/**
 * preprocessing: validated captures in; normalized images (ready or degraded lane) and recapture requests out.
 * Wiring only: the work is in stage.ts and transform/.
 */
import { createBlobStoreFromConfig } from '@shelfstream/blob-store';
import { type CaptureAccepted, topicNames } from '@shelfstream/contracts';
import { DEFAULT_RETRY_POLICY, StageRunner } from '@shelfstream/kafka';
import { runService } from '@shelfstream/service-kit';
import { configureSharp } from '@shelfstream/vision';
import { preprocessingConfig } from './config.js';
import { stageInput } from './input.js';
import { createPreprocessMetrics } from './metrics.js';
import { stageOutputTopics } from './output.js';
import { createStage } from './stage.js';

await runService({
  name: 'preprocessing',
  summary: 'validated captures in; oriented, metadata-free, normalized images and quality verdicts out',
  config: preprocessingConfig,
  wire: async ({ config, kafka, codec, logger, metrics }) => {
    const sharpInfo = configureSharp({
      concurrency: config.sharpConcurrency,
      cacheMemoryMb: config.sharpCacheMb,
    });
    logger.info({ ...sharpInfo, parallelImages: config.parallelImages }, 'image runtime sized');
    const blobStore = createBlobStoreFromConfig(config);
    const runner = new StageRunner<CaptureAccepted>(
      {
        ...stageInput(config),
        outputTopics: stageOutputTopics(topicNames(config.kafkaTopicNamespace)),
        maxBatchRecords: config.maxBatchRecords,
        retryPolicy: {
          ...DEFAULT_RETRY_POLICY,
          maxAttempts: config.retryMaxAttempts,
          initialDelayMs: config.retryInitialDelayMs,
        },
        process: createStage({
          blobStore,
          namespace: config.kafkaTopicNamespace,
          image: config,
          quality: config,
          parallelImages: config.parallelImages,
          metrics: createPreprocessMetrics(metrics),
        }),
      },
      {
        kafka,
        codec,
        logger,
        metrics,
        partitionsConsumedConcurrently: config.kafkaPartitionsConsumedConcurrently,
      },
    );
    return {
      start: () => runner.start(),
      stop: () => runner.stop(),
      checks: { kafka: async () => ({ ok: runner.connected, detail: 'consumer not connected' }) },
    };
  },
});
