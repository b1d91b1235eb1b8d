import { MetricNames } from '@shelfstream/observability';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Names of the inference stage's own metrics (from the shared catalogue). */
export const InferenceMetricNames = {
  modelBatchSize: MetricNames.inferenceBatchSize,
  batchTarget: MetricNames.inferenceBatchTarget,
} as const;

/** The inference stage's metrics. */
export interface InferenceMetrics {
  readonly latency: Histogram<'tier' | 'route'>;
  readonly records: Counter<'tier' | 'outcome'>;
  readonly fallback: Counter<'from_tier' | 'reason'>;
  readonly batchDelay: Histogram<'tier'>;
  readonly batchSize: Histogram<'tier' | 'route'>;
  readonly batchTarget: Gauge<'tier'>;
  readonly confidence: Histogram<'tier'>;
  readonly breakerState: Gauge<'name'>;
}

/** Registers the inference metrics on a registry. */
export function createInferenceMetrics(registry: Registry): InferenceMetrics {
  const registers = [registry];
  return {
    latency: new Histogram({
      name: MetricNames.inferenceLatencySeconds,
      help: 'Model call latency per batch, by tier and route',
      labelNames: ['tier', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    records: new Counter({
      name: MetricNames.inferenceRecords,
      help: 'Images handled by a tier, by outcome (detected, fallback, retry, dead_letter; tier 1 re-score lane: rescored, rescore_skipped)',
      labelNames: ['tier', 'outcome'],
      registers,
    }),
    fallback: new Counter({
      name: MetricNames.inferenceFallback,
      help: 'Images forwarded to the next tier, by the tier that gave up and the reason code',
      labelNames: ['from_tier', 'reason'],
      registers,
    }),
    batchDelay: new Histogram({
      name: MetricNames.inferenceBatchDelaySeconds,
      help: 'Time an image waited in the batcher before its batch was dispatched',
      labelNames: ['tier'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
    batchSize: new Histogram({
      name: InferenceMetricNames.modelBatchSize,
      help: 'Images per model call, by tier and route',
      labelNames: ['tier', 'route'],
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers,
    }),
    batchTarget: new Gauge({
      name: InferenceMetricNames.batchTarget,
      help: 'Batch size the adaptive batcher currently aims at',
      labelNames: ['tier'],
      registers,
    }),
    confidence: new Histogram({
      name: MetricNames.detectionConfidence,
      help: 'Confidence of produced detections, by tier',
      labelNames: ['tier'],
      buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
      registers,
    }),
    breakerState: new Gauge({
      name: MetricNames.breakerState,
      help: 'Breaker state by breaker name (inference-<tier>): 0 closed, 1 half-open, 2 open',
      labelNames: ['name'],
      registers,
    }),
  };
}
