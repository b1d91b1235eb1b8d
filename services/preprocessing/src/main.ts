/**
 * preprocessing: validated captures in; normalized images (ready or degraded lane) and recapture requests out.
 * Wiring only: the work is in capture-processor.ts and transform/.
 */
import { createBlobStoreFromConfig } from '@shelfstream/blob-store';
import type { CaptureAccepted } from '@shelfstream/contracts';
import { DEFAULT_RETRY_POLICY, StageRunner } from '@shelfstream/kafka';
import { runService } from '@shelfstream/service-kit';
import { configureSharp } from '@shelfstream/vision';
import { createCaptureProcessor } from './capture-processor.js';
import { preprocessingConfig } from './config.js';
import { preprocessingInput, STAGE_NAME } from './input.js';
import { createPreprocessMetrics } from './metrics.js';

await runService({
  name: STAGE_NAME,
  summary: 'validated captures in; oriented, metadata-free, normalized images and quality verdicts out',
  config: preprocessingConfig,
  wire: async ({ config, kafka, codec, logger, metrics }) => {
    const sharpInfo = configureSharp({
      concurrency: config.sharpConcurrency,
      cacheMemoryMb: config.sharpCacheMb,
    });
    logger.info({ ...sharpInfo, parallelImages: config.parallelImages }, 'image runtime sized');
    const blobStore = createBlobStoreFromConfig(config);
    const input = preprocessingInput(config);
    const runner = new StageRunner<CaptureAccepted>(
      {
        name: STAGE_NAME,
        deadLetterStage: 'PREPROCESSING',
        ...input,
        maxBatchRecords: config.maxBatchRecords,
        retryPolicy: {
          ...DEFAULT_RETRY_POLICY,
          maxAttempts: config.retryMaxAttempts,
          initialDelayMs: config.retryInitialDelayMs,
        },
        process: createCaptureProcessor({
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
