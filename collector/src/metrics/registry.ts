import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The collector's own Prometheus registry (not prom-client's global one, so tests can build several
 * collectors in one process). Process metrics keep their standard names (process_*, nodejs_*).
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
