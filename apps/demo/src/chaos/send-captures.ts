import {
  type CaptureSink,
  HTTP_REJECTED,
  HttpCaptureSink,
  KafkaCaptureSink,
  type ManifestEntry,
  planCaptures,
  RejectionTolerantSink,
  simulateDevices,
} from '@shelfstream/device-simulator';
import { aisleKey } from '../demo-catalog.js';
import type { DemoSession } from '../demo-session.js';
import { DeviceRouterSink } from '../device-router-sink.js';
import { RetryingSink } from './retrying-sink.js';

/** `image` of a manifest entry the harness could not deliver within its retry time (never entered the mesh). */
export const SEND_FAILED = 'send-failed';

/**
 * Sends `count` captures of the device-simulator mix over Kafka and HTTP like DemoSession.sendCaptures, but as
 * devices with a local queue: a send failing because the broker, registry, database or gateway is down is retried
 * (RetryingSink) instead of ending the run; one still failing after `retryForMs` is recorded as `send-failed: ...`.
 */
export async function sendChaosCaptures(
  session: DemoSession,
  options: {
    count: number;
    ratePerSecond: number;
    /** Waits before each send when given (then `ratePerSecond` is ignored): pacing by the fault schedule. */
    pace?: () => Promise<void>;
    startAt: number;
    retryForMs: number;
    onSent: (entry: ManifestEntry) => void;
    onRetry?: (channel: 'kafka' | 'http', error: unknown) => void;
  },
): Promise<{ entries: ManifestEntry[]; retried: number }> {
  const o = session.options;
  const seedOf = new Map(session.aisles.map((a) => [aisleKey(a.storeId, a.aisle), a.sceneSeed]));
  const plan = planCaptures({
    seed: o.seed,
    stores: o.stores,
    devicesPerStore: o.devicesPerStore,
    aislesPerStore: o.aislesPerStore,
    count: options.count,
    channel: 'both',
    startAt: options.startAt,
    planogramVersion: 'v1',
    outdatedPlanogramVersion: 'v2',
  }).map((p) => ({
    ...p,
    sceneSeed: seedOf.get(aisleKey(p.storeId, p.aisle)) ?? p.sceneSeed,
    // As in the demo: the gateway refuses a truncated image (400) before the mesh, so corrupt ones go over Kafka.
    ...(p.kind === 'corrupt' ? { channel: 'kafka' as const } : {}),
  }));
  const retrying: RetryingSink[] = [];
  const retry = (inner: CaptureSink, channel: 'kafka' | 'http') => {
    const sink = new RetryingSink(inner, {
      retryForMs: options.retryForMs,
      onRetry: (_c, err, attempt) => {
        if (attempt === 1) options.onRetry?.(channel, err);
      },
    });
    retrying.push(sink);
    return new GiveUpSink(sink, options.pace);
  };
  const httpSinks = new Map<string, CaptureSink>();
  for (const [deviceId, apiKey] of session.apiKeys)
    httpSinks.set(
      deviceId,
      new RejectionTolerantSink(
        retry(new HttpCaptureSink({ gatewayUrl: session.mesh.gatewayUrl, apiKey }), 'http'),
      ),
    );
  const kafkaSink = retry(
    new KafkaCaptureSink({
      producer: session.producer,
      rawTopic: session.topics.capturesRaw,
      maxInlineBytes: 4 * 1024 * 1024,
    }),
    'kafka',
  );
  try {
    const entries = await simulateDevices(plan, {
      sinks: {
        kafka: new DeviceRouterSink(new Map([['*', kafkaSink]])),
        http: new DeviceRouterSink(httpSinks),
      },
      ratePerSecond: options.pace ? 0 : options.ratePerSecond,
      render: { width: o.width, height: o.height },
      onSent: options.onSent,
    });
    return { entries, retried: retrying.reduce((n, s) => n + s.retried, 0) };
  } finally {
    for (const sink of httpSinks.values()) await sink.close();
  }
}

/** Ids of entries that entered the mesh (not refused by the gateway, not given up by the harness). */
export function capturesEntered(entries: readonly ManifestEntry[]): string[] {
  return [
    ...new Set(
      entries
        .filter((e) => !e.image.startsWith(HTTP_REJECTED) && !e.image.startsWith(SEND_FAILED))
        .map((e) => e.capture_id),
    ),
  ];
}

/** Paces each send, and turns a send the RetryingSink gave up on into a manifest outcome instead of an abort. */
class GiveUpSink implements CaptureSink {
  readonly #inner: CaptureSink;
  readonly #pace: (() => Promise<void>) | undefined;
  constructor(inner: CaptureSink, pace?: () => Promise<void>) {
    this.#inner = inner;
    this.#pace = pace;
  }
  async send(...args: Parameters<CaptureSink['send']>): Promise<{ image: string }> {
    await this.#pace?.();
    try {
      return await this.#inner.send(...args);
    } catch (err) {
      if ((err as { isClientError?: boolean }).isClientError === true) throw err;
      return { image: `${SEND_FAILED}: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300) };
    }
  }
  close(): Promise<void> {
    return this.#inner.close();
  }
}
