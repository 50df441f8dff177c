/**
 * One prom-client Registry per process (never the global one), so tests and the all-in-one process stay
 * isolated. Each deployable registers its own metrics on it.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

export function createMetricsRegistry(labels: Record<string, string>): Registry {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  collectDefaultMetrics({ register: registry, prefix: 'scalacast_' });
  return registry;
}
