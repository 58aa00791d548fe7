import type { Period } from '../calendars/calendar';

/** One missed inbound call with its callback outcome: a row of `missed_calls`. */
export interface MissedRow {
  sid: string;
  at: number;
  customer: string | null;
  tags: Record<string, string>;
  exophone: string | null;
  flow: string | null;
  agent: string | null;
  period: Period;
  windowEndsAt: number;
  calledBackAt: number | null;
  callbackSeconds: number | null;
}

/** The missed calls a reader needs: the stored rows except those of marked slots, which come computed. */
export interface MissedCallsSource {
  /** Marked slots (their stored rows are stale); 'all' when nothing stored is used. */
  dirtySlots: number[] | 'all';
  fresh: MissedRow[];
}

/** Slots [from, to) a callback query reads from missed_call_rollup (missedRollup.ts). */
export interface RollupSpan {
  from: number;
  to: number;
  /** Slots inside [from, to) read from the missed calls all the same (missed_callbacks_open only). */
  rawSlots?: number[];
}

/** Column names of `missed_calls` and the array casts matching missedRowArrays(). */
export const MISSED_ROW_COLUMNS = [
  ['sid', 'text[]'],
  ['missed_at', 'timestamptz[]'],
  ['customer', 'text[]'],
  ['tags', 'jsonb[]'],
  ['exophone', 'text[]'],
  ['flow', 'text[]'],
  ['agent', 'text[]'],
  ['period', 'text[]'],
  ['window_ends_at', 'timestamptz[]'],
  ['called_back_at', 'timestamptz[]'],
  ['callback_seconds', 'float8[]'],
] as const;

/** The rows as one array per column, for `unnest`. */
export function missedRowArrays(rows: readonly MissedRow[]): unknown[][] {
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  return [
    rows.map((r) => r.sid),
    rows.map((r) => new Date(r.at)),
    rows.map((r) => r.customer),
    rows.map((r) => JSON.stringify(r.tags)),
    rows.map((r) => r.exophone),
    rows.map((r) => r.flow),
    rows.map((r) => r.agent),
    rows.map((r) => r.period),
    rows.map((r) => new Date(r.windowEndsAt)),
    rows.map((r) => date(r.calledBackAt)),
    rows.map((r) => r.callbackSeconds),
  ];
}
