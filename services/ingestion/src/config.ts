import { blobStoreConfig } from '@shelfstream/blob-store';
import { defineConfig, envBool, envEnum, envInt, envList } from '@shelfstream/config';
import { ConsumerGroups } from '@shelfstream/contracts';
import { databaseConfig, deviceSecretConfig } from '@shelfstream/db';
import { z } from 'zod';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** The ingestion service's own settings (merged with the base service config by runService). */
export const ingestionConfig = defineConfig({
  databaseUrl: {
    ...databaseConfig.databaseUrl,
    doc: 'PostgreSQL: dedup table and device keys (migrated at start-up)',
  },
  ...deviceSecretConfig,
  // the claim-check store the gateway and the stage write; its S3_* settings also read s3:// image URIs
  ...blobStoreConfig,
  maxImageBytes: {
    env: 'INGEST_MAX_IMAGE_BYTES',
    schema: envInt({ min: 1024 }).default(15 * 1024 * 1024),
    doc: 'largest image accepted inline, by URI or by upload (bytes)',
  },
  maxPixels: {
    env: 'INGEST_MAX_PIXELS',
    schema: envInt({ min: 1 }).default(100_000_000),
    doc: 'largest declared width x height (pixels): decompression-bomb guard at the gate',
  },
  minImageSide: {
    env: 'INGEST_MIN_IMAGE_SIDE',
    schema: envInt({ min: 1 }).default(64),
    doc: 'shortest side an image may have (pixels); smaller ones are refused as INGEST_IMAGE_DIMENSIONS_DEGENERATE',
  },
  maxAspectRatio: {
    env: 'INGEST_MAX_ASPECT_RATIO',
    schema: envInt({ min: 1 }).default(8),
    doc: 'largest long side / short side ratio of an image (INGEST_IMAGE_DIMENSIONS_DEGENERATE above it)',
  },
  maxClockSkewMs: {
    env: 'INGEST_MAX_CLOCK_SKEW_MS',
    schema: envInt({ min: 0 }).default(5 * MINUTE_MS),
    doc: 'how far captured_at may be in the future (ms)',
  },
  maxCaptureAgeMs: {
    env: 'INGEST_MAX_CAPTURE_AGE_MS',
    schema: envInt({ min: MINUTE_MS }).default(7 * DAY_MS),
    doc: 'how old captured_at may be (ms)',
  },
  uriSchemes: {
    env: 'INGEST_URI_SCHEMES',
    schema: envList()
      .pipe(z.array(z.enum(['s3', 'https', 'file'])))
      .default(['s3', 'https']),
    doc: 'image_uri schemes allowed (s3, https, file)',
  },
  uriHosts: {
    env: 'INGEST_URI_HOSTS',
    schema: envList().default([]),
    doc: 'https hosts allowed (exact, *.suffix, or * for any public host); empty allows none',
  },
  uriBuckets: {
    env: 'INGEST_URI_BUCKETS',
    schema: envList().default([]),
    doc: 's3 buckets image_uri may name (read with the S3_* credentials)',
  },
  uriFileRoot: {
    env: 'INGEST_URI_FILE_ROOT',
    schema: z.string().startsWith('/').optional(),
    doc: 'folder file:// image URIs must stay inside (needs file in INGEST_URI_SCHEMES)',
  },
  uriAllowPrivate: {
    env: 'INGEST_URI_ALLOW_PRIVATE',
    schema: envBool().default(false),
    doc: 'let https image URIs reach loopback/private addresses (development only: SSRF)',
  },
  fetchTimeoutMs: {
    env: 'INGEST_FETCH_TIMEOUT_MS',
    schema: envInt({ min: 100 }).default(10_000),
    doc: 'timeout of an image_uri fetch (ms)',
  },
  gatewayEnabled: {
    env: 'INGEST_GATEWAY_ENABLED',
    schema: envBool().default(true),
    doc: 'serve POST /v1/captures on HTTP_PORT',
  },
  authMode: {
    env: 'INGEST_AUTH',
    schema: envEnum(['api-key', 'hmac', 'either']).default('either'),
    doc: 'device authentication: bearer API key, HMAC signature, or either',
  },
  signatureWindowMs: {
    env: 'INGEST_SIGNATURE_WINDOW_MS',
    schema: envInt({ min: 1000 }).default(5 * MINUTE_MS),
    doc: 'replay window of HMAC signatures (ms)',
  },
  rateLimitPerStore: {
    env: 'INGEST_RATE_LIMIT_PER_STORE',
    schema: envInt({ min: 1 }).default(600),
    doc: 'requests per store per rate window',
  },
  rateWindowMs: {
    env: 'INGEST_RATE_WINDOW_MS',
    schema: envInt({ min: 1000 }).default(MINUTE_MS),
    doc: 'rate limit window (ms)',
  },
  breakerLagGroups: {
    env: 'INGEST_BREAKER_LAG_GROUPS',
    // preprocessing's own group id, from the catalogue it joins through, so the two cannot drift
    schema: envList().default([ConsumerGroups.preprocessing.main]),
    doc: 'downstream consumer groups of the validated topic whose lag opens the SLA breaker (each prefixed with KAFKA_TOPIC_NAMESPACE when set)',
  },
  breakerMaxLagRecords: {
    env: 'INGEST_BREAKER_MAX_LAG_RECORDS',
    schema: envInt({ min: 1 }).default(5_000),
    doc: 'downstream lag (records) over which the breaker opens',
  },
  breakerMaxLatencyMs: {
    env: 'INGEST_BREAKER_MAX_LATENCY_MS',
    schema: envInt({ min: 1 }).default(2_500),
    doc: 'capture->score p99 latency (ingested_at to scored_at) over which the breaker opens (ms)',
  },
  breakerLatencyWindowS: {
    env: 'INGEST_BREAKER_LATENCY_WINDOW_S',
    // Capped at an hour: the breaker closes only once the window has forgotten the slow captures.
    schema: envInt({ min: 10, max: 3_600 }).default(300),
    doc: 'window of the capture->score p99: captures scored in the last N seconds (s)',
  },
  breakerProbeIntervalMs: {
    env: 'INGEST_BREAKER_PROBE_INTERVAL_MS',
    schema: envInt({ min: 100 }).default(2_000),
    doc: 'how often lag/latency is probed (ms)',
  },
  breakerResetMs: {
    env: 'INGEST_BREAKER_RESET_MS',
    schema: envInt({ min: 100 }).default(10_000),
    doc: 'how long the breaker stays open before a half-open probe (ms); also the Retry-After',
  },
});

/** The parsed ingestion settings (own part). */
export type IngestionSettings = {
  readonly [K in keyof typeof ingestionConfig]: z.infer<(typeof ingestionConfig)[K]['schema']>;
};
