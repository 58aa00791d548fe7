import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * prom-client's gauges named *_total, which `promtool check metrics` rejects (only counters may end
 * in _total); each is the sum over the per-type gauge of the same name without the suffix.
 */
const MISNAMED_DEFAULT_METRICS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * The collector's own Prometheus registry (not prom-client's global one, so tests can build several
 * collectors in one process). Process metrics keep their standard names (process_*, nodejs_*).
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULT_METRICS) registry.removeSingleMetric(name);
  return registry;
}
