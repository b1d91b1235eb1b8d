import { MetricNames } from '@shelfstream/observability';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The per-stage instruments the runner updates. */
export interface StageMetrics {
  readonly records: Counter<'stage' | 'outcome'>;
  readonly processingSeconds: Histogram<'stage'>;
  readonly deadLetters: Counter<'stage' | 'reason'>;
  readonly retries: Counter<'stage' | 'reason'>;
  readonly batchSize: Histogram<'stage'>;
  readonly consumerLag: Gauge<'group' | 'topic' | 'partition'>;
}

/** Creates (or reuses, when two runners share a registry) the stage instruments. */
export function stageMetrics(registry: Registry): StageMetrics {
  return {
    records: reuse(
      registry,
      MetricNames.stageRecords,
      () =>
        new Counter({
          name: MetricNames.stageRecords,
          help: 'records processed per stage and outcome',
          labelNames: ['stage', 'outcome'],
          registers: [registry],
        }),
    ),
    processingSeconds: reuse(
      registry,
      MetricNames.stageProcessingSeconds,
      () =>
        new Histogram({
          name: MetricNames.stageProcessingSeconds,
          help: 'time to process one chunk of records, transaction included',
          labelNames: ['stage'],
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
          registers: [registry],
        }),
    ),
    deadLetters: reuse(
      registry,
      MetricNames.dlqRecords,
      () =>
        new Counter({
          name: MetricNames.dlqRecords,
          help: 'records dead-lettered per stage and reason',
          labelNames: ['stage', 'reason'],
          registers: [registry],
        }),
    ),
    retries: reuse(
      registry,
      MetricNames.retryRecords,
      () =>
        new Counter({
          name: MetricNames.retryRecords,
          help: 'records sent to a retry topic per stage and reason',
          labelNames: ['stage', 'reason'],
          registers: [registry],
        }),
    ),
    batchSize: reuse(
      registry,
      MetricNames.batchSize,
      () =>
        new Histogram({
          name: MetricNames.batchSize,
          help: 'records per processed chunk',
          labelNames: ['stage'],
          buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
          registers: [registry],
        }),
    ),
    consumerLag: reuse(
      registry,
      MetricNames.consumerLag,
      () =>
        new Gauge({
          name: MetricNames.consumerLag,
          help: 'messages behind the high watermark, per group and partition',
          labelNames: ['group', 'topic', 'partition'],
          registers: [registry],
        }),
    ),
  };
}

function reuse<M>(registry: Registry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}
