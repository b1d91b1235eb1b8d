import { defineConfig, envEnum, envInt } from '@shelfstream/config';
import { kafkaConnectionConfig } from '@shelfstream/kafka';

/** Settings every service has: its connections, its health/metrics port and logging. */
export const baseServiceConfig = defineConfig({
  ...kafkaConnectionConfig,
  httpPort: {
    env: 'HTTP_PORT',
    schema: envInt({ min: 0, max: 65535 }).default(9464),
    doc: 'port of /healthz, /readyz and /metrics (0 = any free port)',
  },
  httpHost: {
    env: 'HTTP_HOST',
    schema: envEnum(['127.0.0.1', '0.0.0.0', '::']).default('127.0.0.1'),
    doc: 'bind address',
  },
  logLevel: {
    env: 'LOG_LEVEL',
    schema: envEnum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
    doc: 'pino log level',
  },
  tracesExporter: {
    env: 'OTEL_TRACES_EXPORTER',
    schema: envEnum(['none', 'console']).default('none'),
    doc: 'where finished spans go (ids and traceparent propagation work with none)',
  },
  shutdownTimeoutMs: {
    env: 'SHUTDOWN_TIMEOUT_MS',
    schema: envInt({ min: 1000 }).default(30_000),
    doc: 'how long SIGTERM waits for the batch in hand before exiting anyway (ms)',
  },
});
