import { createBlobStoreFromConfig, toS3Connection } from '@shelfstream/blob-store';
import { topicNames } from '@shelfstream/contracts';
import { createPool, ensureDatabase, migrate } from '@shelfstream/db';
import { StageRunner, TypedProducer } from '@shelfstream/kafka';
import { MetricNames } from '@shelfstream/observability';
import { runService } from '@shelfstream/service-kit';
import { Counter } from 'prom-client';
import { createCaptureLatencyProbe } from './capture-latency.js';
import { ingestionConfig } from './config.js';
import { PgDedupLedger } from './dedup-ledger.js';
import { PgDeviceRegistry } from './device-registry.js';
import { registerGateway } from './gateway/register-gateway.js';
import { createImageFetcher } from './image-fetcher.js';
import { stageInput } from './input.js';
import { breakerLagGroupIds } from './lag-groups.js';
import { createLagProbe } from './lag-probe.js';
import { stageOutputTopics } from './output.js';
import { SlaBreaker } from './sla-breaker.js';
import { createStage } from './stage.js';

await runService({
  name: 'ingestion',
  summary: 'raw captures (Kafka, HTTP gateway) in: validated, deduplicated, claim-checked captures out',
  config: ingestionConfig,
  wire: async ({ config, kafka, codec, logger, metrics, server }) => {
    const topics = topicNames(config.kafkaTopicNamespace);
    await ensureDatabase(config.databaseUrl);
    await migrate(config.databaseUrl);
    const pool = createPool(config.databaseUrl, {
      applicationName: 'ingestion',
      onIdleError: (err) => logger.warn({ err }, 'idle PostgreSQL connection lost: the pool reconnects'),
    });
    const blobStore = createBlobStoreFromConfig(config);
    const ledger = new PgDedupLedger(pool);
    const duplicates = new Counter({
      name: MetricNames.ingestionDuplicates,
      help: 'duplicate captures dropped, by channel',
      labelNames: ['channel'],
      registers: [metrics],
    });
    const uri = {
      allowedSchemes: config.uriSchemes,
      allowedHosts: config.uriHosts,
      allowedBuckets: config.uriBuckets,
      fileRoot: config.uriFileRoot,
      allowPrivateAddresses: config.uriAllowPrivate,
    };
    const rules = { ...config, uri };

    const admin = kafka.admin();
    const breaker = new SlaBreaker(
      createLagProbe(
        admin,
        topics.capturesValidated,
        breakerLagGroupIds(config),
        createCaptureLatencyProbe(pool, {
          windowSeconds: config.breakerLatencyWindowS,
          // Bounded so a stuck database cannot hold back the lag reading; at least 1 s so that a short probe
          // interval does not time out every read.
          timeoutMs: Math.max(1_000, config.breakerProbeIntervalMs),
          onError: (err) =>
            logger.warn({ err }, 'SLA latency read failed; probing lag only until it recovers'),
          onRecovered: () => logger.info('SLA latency read recovered'),
        }),
      ),
      {
        maxLagRecords: config.breakerMaxLagRecords,
        maxLatencyMs: config.breakerMaxLatencyMs,
        probeIntervalMs: config.breakerProbeIntervalMs,
        resetMs: config.breakerResetMs,
      },
      metrics,
      (err) => logger.warn({ err }, 'SLA probe failed'),
    );

    const runner = new StageRunner(
      {
        ...stageInput(config),
        outputTopics: stageOutputTopics(topics),
        maxBatchRecords: 20,
        isOverloaded: () => breaker.open,
        process: createStage(
          {
            ledger,
            blobStore,
            fetcher: createImageFetcher({
              maxBytes: config.maxImageBytes,
              timeoutMs: config.fetchTimeoutMs,
              allowPrivateAddresses: config.uriAllowPrivate,
              fileRoot: config.uriFileRoot,
              s3: toS3Connection(config),
            }),
            rules,
            onDuplicate: () => duplicates.inc({ channel: 'kafka' }),
          },
          topics,
        ),
      },
      {
        kafka,
        codec,
        logger,
        metrics,
        partitionsConsumedConcurrently: config.kafkaPartitionsConsumedConcurrently,
      },
    );

    const producer = new TypedProducer(kafka, codec);
    if (config.gatewayEnabled) {
      await registerGateway(server, {
        registry: new PgDeviceRegistry(pool, [
          config.deviceSecretKey,
          ...(config.previousDeviceSecretKeys ?? []),
        ]),
        ledger,
        blobStore,
        breaker,
        publish: (capture) =>
          producer.send([{ topic: topics.capturesRaw, key: capture.capture_id, value: capture }]),
        logger,
        onDuplicate: () => duplicates.inc({ channel: 'http' }),
        settings: rules,
      });
    }

    return {
      checks: {
        kafka: async () => ({ ok: runner.connected }),
        database: async () => {
          await pool.query('select 1');
          return { ok: true };
        },
      },
      start: async () => {
        await admin.connect();
        await producer.connect();
        await codec.writerId(topics.capturesRaw);
        breaker.start();
        await runner.start();
      },
      stop: async () => {
        breaker.stop();
        await runner.stop();
        await producer.disconnect();
        await admin.disconnect();
        await pool.end();
      },
    };
  },
});
