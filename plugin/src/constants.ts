import type { CalendarPeriod } from '@exowatch/contract';

/** Data proxy route paths (plugin.json `routes`); neither may be a prefix of the other. */
export const VIEWER_ROUTE = 'collector';
export const ADMIN_ROUTE = 'admin';

/** Built-in dimensions of the collector's query API (not tag keys). */
export const CALL_DIMENSIONS = ['exophone', 'agent', 'flow', 'direction', 'period'] as const;
export const HEALTH_DIMENSIONS = ['exophone', 'direction'] as const;
export const CALL_DIRECTIONS = ['inbound', 'outbound-dial', 'outbound-api'] as const;
export const HEALTH_DIRECTIONS = ['incoming', 'outgoing'] as const;
export const CALL_STATUSES = ['completed', 'busy', 'no-answer', 'failed', 'other'] as const;
/** Values of the `period` dimension: which part of its business calendar a call started in. */
export const CALL_PERIODS = ['business_hours', 'after_hours', 'holiday'] as const satisfies readonly CalendarPeriod[];

/** Nominal length of one unit of a collector interval name (a month counts 30 days). */
const INTERVAL_UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  M: 2_592_000_000,
};
const INTERVAL_NAMES = ['1m', '5m', '10m', '15m', '30m', '1h', '2h', '3h', '6h', '12h', '1d', '1w', '1M'];

/** Collector bucket intervals with their nominal length (months and weeks are calendar-aligned there). */
export const INTERVALS: ReadonlyArray<{ name: string; ms: number }> = INTERVAL_NAMES.map((name) => ({
  name,
  ms: Number(name.slice(0, -1)) * INTERVAL_UNIT_MS[name.slice(-1)],
}));
/** One bucket spanning the whole dashboard range (for stat panels: sums, not averages of ratios). */
export const WHOLE_RANGE = 'all';
/** The collector refuses more buckets than this. */
export const MAX_BUCKETS = 10_000;
