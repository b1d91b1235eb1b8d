/**
 * Logging, metrics, health endpoints and tracing shared by every service.
 *
 * @example
 * const logger = createLogger({ service: 'preprocessing' });
 * const registry = createMetricsRegistry('preprocessing');
 * const server = createHealthServer({ logger, registry, checks: { kafka: async () => ({ ok: true }) } });
 * await server.listen({ host: '0.0.0.0', port: 9464 });
 */
export {
  createHealthServer,
  type HealthServer,
  type HealthServerOptions,
  type ReadinessCheck,
  type ReadinessCheckResult,
} from './health-server.js';
export { type CreateLoggerOptions, createLogger, type Logger, recordLogger } from './logger.js';
export { type MetricName, MetricNames } from './metric-names.js';
export { createMetricsRegistry } from './metrics.js';
export {
  extractTraceContext,
  getTracer,
  type HeaderCarrier,
  initTracing,
  shutdownTracing,
  startRecordSpan,
  type TracingOptions,
  traceHeaders,
  traceIdOf,
} from './tracing.js';
