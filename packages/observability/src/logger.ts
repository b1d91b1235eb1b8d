import { type Logger, type LoggerOptions, pino } from 'pino';

/** A structured JSON logger (pino). Per-record children carry `capture_id` and `trace_id`. */
export type { Logger } from 'pino';

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Service name written on every line as `service`. */
  readonly service: string;
  /** @default 'info' (or `LOG_LEVEL`) */
  readonly level?: string;
  /** Where to write; defaults to stdout. Tests pass a stream to read lines back. */
  readonly destination?: NodeJS.WritableStream;
}

/** Creates the service's root logger: JSON lines, ISO timestamps, `service` and `pid` on every line. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const pinoOptions: LoggerOptions = {
    level: options.level ?? process.env['LOG_LEVEL'] ?? 'info',
    base: { service: options.service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}

/** The logger for one record: every line it writes names the capture and the trace. */
export function recordLogger(
  logger: Logger,
  ids: { captureId?: string | undefined; traceId?: string | undefined },
): Logger {
  return logger.child({ capture_id: ids.captureId ?? null, trace_id: ids.traceId ?? null });
}
