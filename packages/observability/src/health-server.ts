import Fastify from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

/** The result of one readiness check. */
export interface ReadinessCheckResult {
  readonly ok: boolean;
  readonly detail?: string;
}

/** A named readiness check, e.g. "kafka" or "database". Must answer quickly; it runs on every `/readyz`. */
export type ReadinessCheck = () => Promise<ReadinessCheckResult>;

/** Options of {@link createHealthServer}. */
export interface HealthServerOptions {
  readonly logger: Logger;
  readonly registry: Registry;
  readonly checks?: Readonly<Record<string, ReadinessCheck>>;
  /** Per-check timeout. @default 2000 ms */
  readonly checkTimeoutMs?: number;
}

/**
 * A fastify server with `/healthz` (the process answers), `/readyz` (every check passes: 200, else 503 with
 * each check's state) and `/metrics` (Prometheus text). Services add their own routes before `listen`.
 */
export function createHealthServer(options: HealthServerOptions) {
  const app = Fastify({ loggerInstance: options.logger, disableRequestLogging: true });
  const timeoutMs = options.checkTimeoutMs ?? 2000;
  let shuttingDown = false;
  app.addHook('onClose', async () => {
    shuttingDown = true;
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const results: Record<string, ReadinessCheckResult> = {};
    await Promise.all(
      Object.entries(options.checks ?? {}).map(async ([name, check]) => {
        results[name] = await runWithTimeout(check, timeoutMs);
      }),
    );
    const ready = !shuttingDown && Object.values(results).every((r) => r.ok);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks: results });
  });

  app.get('/metrics', async (_request, reply) => {
    const body = await options.registry.metrics();
    return reply.header('content-type', options.registry.contentType).send(body);
  });
  return app;
}

async function runWithTimeout(check: ReadinessCheck, timeoutMs: number): Promise<ReadinessCheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ReadinessCheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `timed out after ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([
      check().catch((err: unknown) => ({
        ok: false,
        detail: err instanceof Error ? err.message : String(err),
      })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The server {@link createHealthServer} returns. */
export type HealthServer = ReturnType<typeof createHealthServer>;
