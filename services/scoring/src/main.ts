import { createBlobStoreFromConfig } from '@shelfstream/blob-store';
import { ConsumerGroups, consumerGroupIn, topicNames } from '@shelfstream/contracts';
import { createPool } from '@shelfstream/db';
import { StageRunner, TypedProducer } from '@shelfstream/kafka';
import { runService } from '@shelfstream/service-kit';
import { scoringConfig } from './config.js';
import { stageInput } from './input.js';
import { stageOutputTopics } from './output.js';
import { RescoreJob } from './rescore/rescore-job.js';
import { parseRole } from './role.js';
import { createStage } from './stage.js';
import { ArchivalJob } from './tracker/archival-job.js';
import { StateTracker } from './tracker/state-tracker.js';
import { trackedTopics } from './tracker/tracked-topics.js';
import { trackerMetrics } from './tracker/tracker-metrics.js';

let role: ReturnType<typeof parseRole>;
try {
  role = parseRole(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`scoring: ${(err as Error).message}\n`);
  process.exit(2);
}

await runService({
  name: role === 'scorer' ? 'scoring' : 'state-tracker',
  summary:
    role === 'scorer'
      ? 'detections in; compliance scores, rollups and version-drift holds out (--role scorer)'
      : 'keeps every capture state in PostgreSQL from the stage topics and the DLQ (--role state-tracker)',
  config: scoringConfig,
  wire: async ({ config, kafka, codec, logger, metrics }) => {
    const pool = createPool(config.databaseUrl, {
      max: config.dbPoolMax,
      applicationName: `shelfstream-${role}`,
      onIdleError: (err) => logger.warn({ err }, 'idle PostgreSQL connection lost: the pool reconnects'),
    });
    const topics = topicNames(config.kafkaTopicNamespace);
    const database = async () => {
      try {
        await pool.query('select 1');
        return { ok: true };
      } catch (err) {
        return { ok: false, detail: (err as Error).message };
      }
    };
    if (role === 'scorer') {
      const runner = new StageRunner(
        {
          ...stageInput(config),
          outputTopics: stageOutputTopics(topics),
          maxBatchRecords: config.scoringMaxBatchRecords,
          process: createStage({
            pool,
            topics,
            confidenceFloor: config.scoringConfidenceFloor,
            minDetectionsWithoutShelf: config.scoringMinDetectionsWithoutShelf,
            rescoreEnabled: config.rescoreEnabled,
            minCoverage: config.scoringMinCoverage,
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
        checks: { kafka: async () => ({ ok: runner.connected }), database },
        start: () => runner.start(),
        stop: async () => {
          await runner.stop();
          await pool.end();
        },
      };
    }
    const tracker = new StateTracker({
      kafka,
      codec,
      pool,
      logger,
      metrics: trackerMetrics(metrics),
      topics: trackedTopics(topics),
      groupId: consumerGroupIn(config.kafkaTopicNamespace, ConsumerGroups['state-tracker'].main),
    });
    const archival = config.archiveEnabled
      ? new ArchivalJob({
          pool,
          blobStore: createBlobStoreFromConfig(config),
          retentionMs: config.archiveRetentionMs,
          intervalMs: config.archiveIntervalMs,
          batchSize: config.archiveBatchSize,
          logger,
        })
      : undefined;
    const producer = config.rescoreEnabled ? new TypedProducer(kafka, codec) : undefined;
    const rescore = producer
      ? new RescoreJob({
          pool,
          producer,
          topic: topics.rescoreRequests,
          intervalMs: config.rescoreIntervalMs,
          batchSize: config.rescoreBatchSize,
          resendAfterMs: config.rescoreResendAfterMs,
          maxAttempts: config.rescoreMaxAttempts,
          evidenceWindowMs: config.rescoreEvidenceWindowMs,
          logger,
        })
      : undefined;
    return {
      checks: { kafka: async () => ({ ok: tracker.connected }), database },
      start: async () => {
        await tracker.start();
        archival?.start();
        if (producer) {
          await producer.connect();
          // The schema id is looked up now, not at the first send (a registry outage then is only a later tick).
          await codec.writerId(topics.rescoreRequests);
          rescore?.start();
        }
      },
      stop: async () => {
        await rescore?.stop();
        await producer?.disconnect();
        await archival?.stop();
        await tracker.stop();
        await pool.end();
      },
    };
  },
});
