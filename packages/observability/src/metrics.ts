import { collectDefaultMetrics, Registry } from 'prom-client';

/** Creates a service's Prometheus registry with the default process metrics and a `service` label. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
