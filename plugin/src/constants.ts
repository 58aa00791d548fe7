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

/** Collector bucket intervals with their nominal length (months and weeks are calendar-aligned there). */
export const INTERVALS: ReadonlyArray<{ name: string; ms: number }> = [
  { name: '1m', ms: 60_000 },
  { name: '5m', ms: 300_000 },
  { name: '10m', ms: 600_000 },
  { name: '15m', ms: 900_000 },
  { name: '30m', ms: 1_800_000 },
  { name: '1h', ms: 3_600_000 },
  { name: '2h', ms: 7_200_000 },
  { name: '3h', ms: 10_800_000 },
  { name: '6h', ms: 21_600_000 },
  { name: '12h', ms: 43_200_000 },
  { name: '1d', ms: 86_400_000 },
  { name: '1w', ms: 604_800_000 },
  { name: '1M', ms: 2_592_000_000 },
];
/** One bucket spanning the whole dashboard range (for stat panels: sums, not averages of ratios). */
export const WHOLE_RANGE = 'all';
/** The collector refuses more buckets than this. */
export const MAX_BUCKETS = 10_000;
