import { INTERVALS, MAX_BUCKETS, WHOLE_RANGE } from '../constants';

const KNOWN = new Set([...INTERVALS.map((i) => i.name), WHOLE_RANGE]);

const HOUR_MS = 3_600_000;
/**
 * The collector keeps per-minute rollups for its last 48 hours only (collector/src/rollups/
 * rollupTables.ts, MINUTE_RETENTION_HOURS); sub-hour buckets of older hours are summed from the raw
 * calls, which took seconds at 10 M calls (bench:query, Team performance at 30 minutes over 7 days).
 * An auto interval over a longer range is therefore at least an hour, answered from the hourly
 * rollups; an interval chosen in the editor is kept.
 */
const MINUTE_ROLLUP_WINDOW_MS = 48 * HOUR_MS;

export function isCollectorInterval(name: string): boolean {
  return KNOWN.has(name);
}

/**
 * The collector interval for a query: the one chosen in the editor, or (empty) the smallest collector
 * interval at least as long as Grafana's suggested interval (and at least an hour over ranges longer
 * than the collector's minute rollups). Either way it is widened until the range fits in the
 * collector's bucket limit.
 */
export function pickInterval(chosen: string, grafanaIntervalMs: number, rangeMs: number): string {
  if (chosen === WHOLE_RANGE) {
    return WHOLE_RANGE;
  }
  if (chosen !== '' && !isCollectorInterval(chosen)) {
    throw new Error(
      `interval "${chosen}" is not one the collector knows; use ${[...INTERVALS.map((i) => i.name), WHOLE_RANGE].join(', ')} or leave it empty for auto`
    );
  }
  const auto = rangeMs > MINUTE_ROLLUP_WINDOW_MS ? Math.max(grafanaIntervalMs, HOUR_MS) : grafanaIntervalMs;
  const floor = chosen === '' ? auto : INTERVALS.find((i) => i.name === chosen)!.ms;
  const fits = INTERVALS.find((i) => i.ms >= floor && rangeMs / i.ms <= MAX_BUCKETS);
  return fits ? fits.name : INTERVALS[INTERVALS.length - 1].name;
}
