import { resolve } from 'node:path';
import { blobStoreConfig } from '@shelfstream/blob-store';
import {
  type ConfigOf,
  defineConfig,
  envBool,
  envEnum,
  envInt,
  envNumber,
  envUrl,
} from '@shelfstream/config';
import { z } from 'zod';
import { TIERS } from './transform/tier.js';

const MODELS_DIR = resolve(import.meta.dirname, '../../../models');

/** Settings of the inference service (every tier; `--tier` overrides INFERENCE_TIER). */
export const inferenceConfig = defineConfig({
  tier: {
    env: 'INFERENCE_TIER',
    schema: envEnum(TIERS).default('remote'),
    doc: 'tier this process runs (remote|edge|heuristic); the --tier flag wins',
  },
  // the store the normalized images are read from
  ...blobStoreConfig,
  routingTablePath: {
    env: 'ROUTING_TABLE_PATH',
    schema: z.string().min(1).default(resolve(MODELS_DIR, 'routing.json')),
    doc: 'routing table: JSON object route -> ONNX file (relative to the table) for the edge tier',
  },
  labelsPath: {
    env: 'LABELS_PATH',
    schema: z.string().min(1).default(resolve(MODELS_DIR, 'labels.json')),
    doc: 'labels file of the models (class index -> SKU)',
  },
  remoteUrl: {
    env: 'REMOTE_URL',
    schema: envUrl(['http:', 'https:']).default('http://127.0.0.1:8000'),
    doc: 'Open Inference Protocol server of tier 1 (services/model-server, Triton, KServe)',
  },
  remoteModel: {
    env: 'REMOTE_MODEL',
    schema: z.string().min(1).default('shelf-detector'),
    doc: 'model name on the remote server',
  },
  remoteTimeoutMs: {
    env: 'REMOTE_TIMEOUT_MS',
    schema: envInt({ min: 10 }).default(10_000),
    doc: 'timeout of one remote attempt (ms)',
  },
  remoteMaxRetries: {
    env: 'REMOTE_MAX_RETRIES',
    schema: envInt({ min: 0, max: 10 }).default(2),
    doc: 'retries of a remote call on 429/5xx/timeout before falling back',
  },
  remoteBackoffMs: {
    env: 'REMOTE_BACKOFF_MS',
    schema: envInt({ min: 1 }).default(100),
    doc: 'first retry delay before jitter (ms); doubles per retry',
  },
  remoteMaxBackoffMs: {
    env: 'REMOTE_MAX_BACKOFF_MS',
    schema: envInt({ min: 1 }).default(2000),
    doc: 'longest retry delay, also the cap on Retry-After (ms)',
  },
  breakerErrorPercent: {
    env: 'BREAKER_ERROR_PERCENT',
    schema: envInt({ min: 1, max: 100 }).default(50),
    doc: 'failure percentage that opens a tier breaker',
  },
  breakerResetMs: {
    env: 'BREAKER_RESET_MS',
    schema: envInt({ min: 100 }).default(10_000),
    doc: 'time an open breaker waits before a half-open trial (ms)',
  },
  breakerVolume: {
    env: 'BREAKER_VOLUME',
    schema: envInt({ min: 1 }).default(3),
    doc: 'calls in the rolling window before a breaker may open',
  },
  minMeanConfidence: {
    env: 'MIN_MEAN_CONFIDENCE',
    schema: envNumber({ min: 0, max: 1 }).default(0.3),
    doc: 'mean detection confidence below which a model tier falls back (0 disables)',
  },
  scoreThreshold: {
    env: 'SCORE_THRESHOLD',
    schema: envNumber({ min: 0, max: 1 }).default(0.25),
    doc: 'minimum class score of a kept detection',
  },
  iouThreshold: {
    env: 'IOU_THRESHOLD',
    schema: envNumber({ min: 0, max: 1 }).default(0.6),
    doc: 'class-aware NMS IoU threshold',
  },
  maxBatch: {
    env: 'MAX_BATCH',
    schema: envInt({ min: 1, max: 256 }).default(32),
    doc: 'largest batch (images); the off-peak seed of the adaptive batcher',
  },
  pressureMaxBatch: {
    env: 'PRESSURE_MAX_BATCH',
    schema: envInt({ min: 1, max: 256 }).default(8),
    doc: 'largest batch while memory passes 85 % of MEMORY_LIMIT_BYTES (images)',
  },
  maxDelayMs: {
    env: 'MAX_DELAY_MS',
    schema: envInt({ min: 0 }).default(20),
    doc: 'longest wait of a partial batch for more images of its route (ms)',
  },
  latencySlaMs: {
    env: 'LATENCY_SLA_MS',
    schema: envInt({ min: 1 }).default(5000),
    doc: 'batch latency objective; a slower batch halves the batch size (ms)',
  },
  memoryLimitBytes: {
    env: 'MEMORY_LIMIT_BYTES',
    schema: envInt({ min: 0 }).default(0),
    doc: 'memory limit of the process for the 85 % pressure rule (bytes; 0 = cgroup limit, else total RAM)',
  },
  onnxThreads: {
    env: 'ONNX_THREADS',
    schema: envInt({ min: 1, max: 64 }).default(1),
    doc: 'onnxruntime intra-op threads of the edge worker (spinning is off)',
  },
  adaptiveBatching: {
    env: 'ADAPTIVE_BATCHING',
    schema: envBool().default(true),
    doc: 'adapt the batch size (AIMD); false keeps MAX_BATCH',
  },
});

/** The inference service's own settings, parsed. */
export type InferenceConfig = ConfigOf<typeof inferenceConfig>;
