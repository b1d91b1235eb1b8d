import { MetricNames } from '@shelfstream/observability';
import { Counter, Histogram, type Registry } from 'prom-client';

/** Buckets of the capture-to-score latency histogram (seconds); 2.5 s is the pipeline's latency objective. */
export const CAPTURE_TO_SCORE_BUCKETS = [0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800] as const;

/** Instruments of the state tracker. */
export interface TrackerMetrics {
  readonly captureToScoreSeconds: Histogram;
  readonly records: Counter<'stage' | 'outcome'>;
}

/** Creates the state tracker's instruments in `registry`. */
export function trackerMetrics(registry: Registry): TrackerMetrics {
  const existing = registry.getSingleMetric(MetricNames.stageRecords) as
    | Counter<'stage' | 'outcome'>
    | undefined;
  return {
    captureToScoreSeconds: new Histogram({
      name: MetricNames.captureToScoreLatencySeconds,
      help: 'time from ingestion accepting a capture to its compliance score (state tracker timestamps)',
      buckets: [...CAPTURE_TO_SCORE_BUCKETS],
      registers: [registry],
    }),
    records:
      existing ??
      new Counter({
        name: MetricNames.stageRecords,
        help: 'records processed per stage and outcome',
        labelNames: ['stage', 'outcome'],
        registers: [registry],
      }),
  };
}
