import { MetricNames } from '@shelfstream/observability';
import { Counter, Histogram, type Registry } from 'prom-client';

/** Metric names of this stage (from the shared catalogue). */
export const PreprocessMetricNames = {
  stepSeconds: MetricNames.preprocessingStepSeconds,
  images: MetricNames.preprocessingImages,
} as const;

/** The stage's own metrics. */
export interface PreprocessMetrics {
  /** Seconds per pipeline step: fetch, decode, quality, white_balance, clahe, shelf_check, encode, store. */
  readonly stepSeconds: Histogram<'step'>;
  /** Prepared images by quality verdict (OK, DEGRADED). */
  readonly images: Counter<'quality'>;
}

/** Registers the stage's metrics on `registry`. */
export function createPreprocessMetrics(registry: Registry): PreprocessMetrics {
  return {
    stepSeconds: new Histogram({
      name: PreprocessMetricNames.stepSeconds,
      help: 'Seconds spent in each preprocessing step per image',
      labelNames: ['step'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    images: new Counter({
      name: PreprocessMetricNames.images,
      help: 'Images prepared, by quality verdict',
      labelNames: ['quality'],
      registers: [registry],
    }),
  };
}
