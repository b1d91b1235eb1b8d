import {
  type ConfigDefinition,
  ConfigError,
  type ConfigOf,
  configTableMarkdown,
  loadConfig,
} from '@shelfstream/config';
import { namespacedCatalogue } from '@shelfstream/contracts';
import {
  AvroCodec,
  catalogueTopicSchemas,
  createKafkaClient,
  createSchemaRegistry,
  type KafkaConnection,
} from '@shelfstream/kafka';
import {
  createHealthServer,
  createLogger,
  createMetricsRegistry,
  type HealthServer,
  initTracing,
  type Logger,
  type ReadinessCheck,
  shutdownTracing,
} from '@shelfstream/observability';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { baseServiceConfig } from './service-config.js';

/** What a service's wiring gets: its frozen config and the shared clients. */
export interface ServiceContext<C> {
  readonly config: C;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly kafka: Kafka;
  readonly codec: AvroCodec;
  readonly server: HealthServer;
  /** Positional arguments and flags after the service name (e.g. `--tier edge`). */
  readonly args: readonly string[];
}

/** What the wiring returns: how to start, what `/readyz` checks, how to stop. */
export interface ServiceParts {
  readonly checks?: Readonly<Record<string, ReadinessCheck>>;
  /** Starts consuming/serving; resolves once running. */
  readonly start: () => Promise<void>;
  /** Finishes in-hand work, commits, leaves groups, closes connections. */
  readonly stop: () => Promise<void>;
}

/** Options of {@link runService}. */
export interface RunServiceOptions<D extends ConfigDefinition> {
  readonly name: string;
  readonly summary: string;
  /** The service's own config, merged with {@link baseServiceConfig}. */
  readonly config: D;
  readonly wire: (ctx: ServiceContext<ConfigOf<D & typeof baseServiceConfig>>) => Promise<ServiceParts>;
  readonly argv?: readonly string[];
}

/**
 * The `main()` of every service: `--help`, config validated once (a bad variable exits 2 naming it), tracing, the
 * health/metrics server, start, and graceful shutdown on SIGTERM/SIGINT (finish the batch, commit, leave the group;
 * exit 0), with a hard deadline so a wedged dependency cannot hold the pod forever.
 */
export async function runService<D extends ConfigDefinition>(options: RunServiceOptions<D>): Promise<void> {
  const argv = options.argv ?? process.argv.slice(2);
  const definition = { ...baseServiceConfig, ...options.config } as D & typeof baseServiceConfig;
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(
      `${options.name}: ${options.summary}\n\nEnvironment:\n${configTableMarkdown(definition)}\n`,
    );
    process.exit(0);
  }
  let config: ConfigOf<D & typeof baseServiceConfig>;
  try {
    config = loadConfig(definition);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${options.name}: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const base = config as unknown as ConfigOf<typeof baseServiceConfig>;
  const logger = createLogger({ service: options.name, level: base.logLevel });
  initTracing({ service: options.name, exporter: base.tracesExporter });
  const metrics = createMetricsRegistry(options.name);
  const connection = base as unknown as KafkaConnection;
  const kafka = createKafkaClient(connection, options.name, logger);
  const codec = new AvroCodec(
    createSchemaRegistry(connection),
    catalogueTopicSchemas(namespacedCatalogue(connection.kafkaTopicNamespace)),
  );
  let parts: ServiceParts | undefined;
  // Ready only once started, and then only while the service's own checks (Kafka, registry, db) pass.
  const server = createHealthServer({
    logger,
    registry: metrics,
    checks: { started: async () => ({ ok: parts !== undefined }), ...lazyChecks(() => parts) },
  });
  const wired = await options.wire({ config, logger, metrics, kafka, codec, server, args: argv });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing the batch in hand');
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: base.shutdownTimeoutMs }, 'shutdown deadline passed: exiting');
      process.exit(1);
    }, base.shutdownTimeoutMs);
    deadline.unref();
    try {
      await wired.stop();
      await server.close();
      await shutdownTracing();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  const address = await server.listen({ host: base.httpHost, port: base.httpPort });
  logger.info({ address }, 'health and metrics listening');
  await wired.start();
  parts = wired;
  logger.info('started');
}

function lazyChecks(parts: () => ServiceParts | undefined): Record<string, ReadinessCheck> {
  return {
    dependencies: async () => {
      const checks = parts()?.checks ?? {};
      const results = await Promise.all(
        Object.entries(checks).map(async ([name, check]) => [name, await check()] as const),
      );
      const failed = results.filter(([, r]) => !r.ok);
      return failed.length === 0
        ? { ok: true }
        : { ok: false, detail: failed.map(([name, r]) => `${name}: ${r.detail ?? 'not ready'}`).join('; ') };
    },
  };
}
