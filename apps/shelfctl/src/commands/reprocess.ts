import { loadConfig } from '@shelfstream/config';
import { namespacedCatalogue, topicNames } from '@shelfstream/contracts';
import { createPool, databaseConfig } from '@shelfstream/db';
import { reprocessDrift } from '@shelfstream/drift-reprocess';
import {
  AvroCodec,
  catalogueTopicSchemas,
  createKafkaClient,
  createSchemaRegistry,
  kafkaConnectionConfig,
  TypedProducer,
} from '@shelfstream/kafka';
import { createLogger } from '@shelfstream/observability';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { CommandError, ExitCodes } from '../exit-codes.js';

/**
 * `shelfctl reprocess drift [--store S]`: replays captures held for version drift once their planogram version is
 * active, with bounded concurrency and a checkpoint per capture (a re-run resumes and never doubles a score).
 * Environment: DATABASE_URL, KAFKA_BROKERS, SCHEMA_REGISTRY_URL, KAFKA_TOPIC_NAMESPACE.
 */
export function registerReprocessCommands(program: Command): void {
  const reprocess = program.command('reprocess').description('replay held records');
  reprocess
    .command('drift')
    .description('republish captures held for planogram version drift whose version is now active')
    .option('--store <storeId>', 'only this store')
    .option('--concurrency <n>', 'most republishes in flight', '4')
    .option('--no-progress', 'no progress bar')
    .action(async (options: { store?: string; concurrency: string; progress: boolean }) => {
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
        throw new CommandError('--concurrency must be an integer from 1 to 256', ExitCodes.usage);
      }
      const config = loadConfig({ ...kafkaConnectionConfig, ...databaseConfig });
      const logger = createLogger({ service: 'shelfctl', level: 'warn' });
      const kafka = createKafkaClient(config, 'shelfctl', logger);
      const codec = new AvroCodec(
        createSchemaRegistry(config),
        catalogueTopicSchemas(namespacedCatalogue(config.kafkaTopicNamespace)),
      );
      const producer = new TypedProducer(kafka, codec);
      const pool = createPool(config.databaseUrl, { max: concurrency + 1, applicationName: 'shelfctl' });
      const bar = options.progress
        ? new cliProgress.SingleBar(
            {
              format: 'reprocess drift [{bar}] {value}/{total} captures | {eta_formatted} left',
              stream: process.stderr,
            },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
      try {
        await producer.connect();
        const report = await reprocessDrift({
          pool,
          producer,
          topics: topicNames(config.kafkaTopicNamespace),
          concurrency,
          ...(options.store ? { storeId: options.store } : {}),
          onProgress: (done, total) => {
            if (done === 0) bar?.start(total, 0);
            else bar?.update(done);
          },
        });
        bar?.stop();
        process.stdout.write(
          `republished ${report.republished} of ${report.total} held captures` +
            `${report.alreadyDone ? `, ${report.alreadyDone} done by another run` : ''}` +
            `${report.failed.length ? `, ${report.failed.length} failed (re-run to resume)` : ''}\n`,
        );
        for (const f of report.failed) process.stderr.write(`  ${f.captureId}: ${f.error}\n`);
        if (report.failed.length > 0) {
          throw new CommandError(`${report.failed.length} captures were not republished`, ExitCodes.partial);
        }
      } finally {
        bar?.stop();
        await producer.disconnect().catch(() => undefined);
        await pool.end();
      }
    });
}
