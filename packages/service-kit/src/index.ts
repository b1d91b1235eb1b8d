/**
 * The shared `main()` of shelfstream services: config, logging, tracing, health/metrics server, Kafka clients and
 * graceful shutdown, so each service's main.ts is wiring only. `@shelfstream/service-kit/worker` has `startWorker`
 * (a worker thread from the build, or from source under tsx) on its own, so a process without Kafka (the model
 * server) loads nothing else.
 *
 * @example
 * await runService({
 *   name: 'preprocessing',
 *   summary: 'validated captures in, normalized images out',
 *   config: preprocessingConfig,
 *   wire: async ({ config, kafka, codec, logger, metrics }) => {
 *     const runner = new StageRunner(definition, { kafka, codec, logger, metrics });
 *     return { start: () => runner.start(), stop: () => runner.stop(), checks: { kafka: async () => ({ ok: runner.connected }) } };
 *   },
 * });
 */
export { type RunServiceOptions, runService, type ServiceContext, type ServiceParts } from './run-service.js';
export { baseServiceConfig } from './service-config.js';
