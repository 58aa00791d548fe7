import { WINDOW_CAP_MS } from './match';
import { MISSED_ROW_COLUMNS, missedRowArrays, type MissedCallsSource, type RollupSpan } from './missedRow';
import type { BuiltQuery } from '../calls/callSql';
import type { QuerySpec } from '../engine/spec';
import { dimensionSql, filtersSql, Params } from '../querykit/sql';

/**
 * SQL of the callback metrics over missed calls (docs/kpis.md "Callbacks"). Every test against the
 * query's `now` (has the window ended? is the call still waiting?) is made here, never stored.
 */

/** Columns of a missed-calls relation: the stored table's, with `ts` for the missed call's start. */
const columns = (openUntil: string) => `sid, missed_at AS ts, customer, tags, exophone, flow, agent,
  'inbound'::text AS direction, period, window_ends_at, called_back_at, callback_seconds, ${openUntil} AS open_until`;

/** `AND <slot column> NOT IN (marked slots)`: stored rows of marked slots are stale. */
function cleanSql(slot: string, dirtySlots: readonly number[], params: Params): string {
  return dirtySlots.length > 0
    ? ` AND ${slot} NOT IN (SELECT unnest(${slotsParam(dirtySlots, params)}))`
    : '';
}

const slotsParam = (slots: readonly number[], params: Params) =>
  params.add(
    slots.map((s) => new Date(s)),
    '::timestamptz[]',
  );

/**
 * Missed calls from `source`: stored rows matching `storedWhere` (SQL on missed_calls) outside marked
 * slots, plus the computed rows of marked slots.
 */
export function missedCallsSql(source: MissedCallsSource, storedWhere: string, params: Params): string {
  const fresh = missedRowArrays(source.fresh);
  const unnest = MISSED_ROW_COLUMNS.map(([, cast], i) => params.add(fresh[i], `::${cast}`)).join(', ');
  const computed = `SELECT ${columns('least(window_ends_at, called_back_at)')}
    FROM unnest(${unnest}) AS f(${MISSED_ROW_COLUMNS.map(([name]) => name).join(', ')})`;
  if (source.dirtySlots === 'all') return computed;
  return `SELECT ${columns('open_until')}
    FROM missed_calls WHERE (${storedWhere})${cleanSql('rollup_slot(missed_at)', source.dirtySlots, params)}
    UNION ALL
    ${computed}`;
}

/**
 * The missed_call_rollup rows of the slots [first, last) (SQL) outside marked slots (missedRollup.ts), with the
 * columns the dimensions and filters read; `ts` is the slot.
 */
function settledSql(
  span: { first: string; last: string; raw: string | null },
  source: MissedCallsSource,
  params: Params,
): string {
  if (source.dirtySlots === 'all') throw new Error('the reference answer reads no stored rows');
  const raw = span.raw ? ` AND slot <> ALL(${span.raw})` : '';
  return `SELECT slot AS ts, tags, 'inbound'::text AS direction, period, missed, called_back,
      settled_at, callback_seconds, open_ends, open_counts
    FROM missed_call_rollup
    WHERE slot >= ${span.first} AND slot < ${span.last}${raw}${cleanSql('slot', source.dirtySlots, params)}`;
}

/**
 * SQL on missed_calls: the stored calls waiting at some instant of [first, last] (both SQL
 * timestamptz), that is missed before `last` and still open after `first`. A call waits at most
 * WINDOW_CAP_MS after its start, so it also ends before `last` plus that cap and starts after `first`
 * less it: bounds on both sides keep the read of missed_calls_open_until_idx (migration 021) to the
 * range's calls, also for a range long past, where open_until > first alone reads all that came after.
 */
export function storedWaitingSql(first: string, last: string): string {
  // A constant, not a parameter: a parameter the caller's SQL leaves out (missedCallsSql without
  // stored rows) would have no type, and PostgreSQL refuses the query.
  const cap = `interval '${WINDOW_CAP_MS / 1000} seconds'`;
  return `open_until > ${first} AND open_until < ${last} + ${cap}
    AND missed_at > ${first} - ${cap} AND missed_at < ${last}`;
}

/**
 * An aggregate of the callback metrics over units: missed calls and, where settled, rollup rows. Each
 * unit gives `column`; per bucket and group, `total` sums it up, or the quantiles take `fraction` of
 * the callback seconds gathered.
 */
type CallbackAggregate = {
  column: string;
  /** The column for one missed call (`now` a parameter). */
  call: (now: string) => string;
  /** The column for a rollup row, whose windows have all ended and callbacks all been made by now. */
  settled: string;
} & ({ total: string } | { fraction: number });

/** The callback seconds of a unit as an array: a rollup row's, or a missed call's if called back by now. */
const SECONDS = (fraction: number): CallbackAggregate => ({
  column: 's',
  call: (now) => `CASE WHEN called_back_at <= ${now} THEN ARRAY[callback_seconds] END`,
  settled: 'callback_seconds',
  fraction,
});

const AGGREGATES: Record<string, CallbackAggregate> = {
  window_ended: {
    column: 'window_ended',
    call: (now) => `(window_ends_at <= ${now})::int`,
    settled: 'missed',
    total: 'sum(window_ended)',
  },
  called_back: {
    column: 'called_back',
    call: (now) => `(called_back_at IS NOT NULL AND window_ends_at <= ${now})::int`,
    settled: 'called_back',
    total: 'sum(called_back)',
  },
  ttc_p50: SECONDS(0.5),
  ttc_p90: SECONDS(0.9),
};

function aggregateOf(alias: string): CallbackAggregate {
  const aggregate = AGGREGATES[alias];
  if (!aggregate) throw new Error(`no callback aggregate ${alias}`);
  return aggregate;
}

/**
 * Each group's quantiles of its callback seconds, in one sort: the units' arrays are concatenated
 * (array_cat_agg, migration 024) and sorted once for every fraction. An ordered-set aggregate over the
 * units would sort every missed call of the range by group instead, called back or not.
 */
const quantilesSql = (fractions: readonly number[]) =>
  `(SELECT percentile_disc(ARRAY[${fractions.join(', ')}]::float8[]) WITHIN GROUP (ORDER BY x)
    FROM unnest(array_cat_agg(s)) x) AS quantiles`;

/**
 * The instants `missed_callbacks_open` is counted at: each bucket's end, or `now` for the bucket
 * holding it; buckets starting at or after `now` have none (they count 0).
 */
export function openInstants(spec: Pick<QuerySpec, 'buckets' | 'to'>, now: number): number[] {
  const instants: number[] = [];
  spec.buckets.forEach((start, i) => {
    if (start < now) instants.push(Math.min(spec.buckets[i + 1] ?? spec.to, now));
  });
  return instants;
}

/** The range of missed-call starts a query needs rows for. */
export function missedRange(spec: QuerySpec, now: number): [number, number] {
  if (spec.metric.name !== 'missed_callbacks_open') return [spec.from, spec.to];
  const instants = openInstants(spec, now);
  if (instants.length === 0) return [spec.from, spec.from];
  return [instants[0]! - WINDOW_CAP_MS, instants[instants.length - 1]!];
}

/**
 * Output columns: b (bucket number), g0…gN, then the aliases, like buildCallQuery. Slots of `span`
 * come from missed_call_rollup (missedRollup.ts decides which), the rest from the missed calls.
 */
export function buildCallbackQuery(
  spec: QuerySpec,
  aliases: readonly string[],
  source: MissedCallsSource,
  now: number,
  span: RollupSpan | null = null,
): BuiltQuery {
  const params = new Params();
  const groups = spec.groupBy.map((g, i) => `${dimensionSql(g, params)} AS g${i}`);
  const keys = groups.map((_, i) => `g${i}`);
  const where = [filtersSql(spec.filters, params), `direction = 'inbound'`].join(' AND ');
  const spanParams = span && {
    first: params.add(new Date(span.from), '::timestamptz'),
    last: params.add(new Date(span.to), '::timestamptz'),
    raw: span.rawSlots?.length ? slotsParam(span.rawSlots, params) : null,
  };
  const settled = spanParams && settledSql(spanParams, source, params);
  if (spec.metric.name === 'missed_callbacks_open') {
    const instants = openInstants(spec, now);
    if (instants.length === 0) return { text: 'SELECT 1 AS b WHERE false', values: [] };
    const at = params.add(
      instants.map((t) => new Date(t)),
      '::timestamptz[]',
    );
    const first = params.add(new Date(instants[0]!), '::timestamptz');
    const last = params.add(new Date(instants[instants.length - 1]!), '::timestamptz');
    // The calls of the span come from the rollup, except those of its raw slots.
    const outsideSpan =
      spanParams &&
      (spanParams.raw
        ? ` AND (missed_at >= ${spanParams.last} OR rollup_slot(missed_at) = ANY(${spanParams.raw}))`
        : ` AND missed_at >= ${spanParams.last}`);
    const stored = storedWaitingSql(first, last) + (outsideSpan ?? '');
    const parts = missedCallsSql(source, stored, params);
    // Open at instant T: missed before T, and neither called back nor past its window end by T. A call
    // waits through the instants first_b..last_b; rather than expanding each call over them (a call
    // missed after closing waits all night: a dozen rows), it adds +1 at first_b and -1 after last_b,
    // and a running sum per series counts the calls waiting at each instant. The calls are read once
    // (materialized: the bucket of each end is computed once per call), and the +1s and -1s counted
    // per series and instant apart, which is cheaper than pairing each call with both of its changes.
    // A rollup row adds its calls at its slot and takes them off at each of their (rounded) ends: exact
    // at instants on the slot grid, and at one off it (now, mostly) unless its calls are of that
    // instant's slot or stop in it (missedRollup.ts reads those slots from the missed calls); rows
    // stopped before the first instant change nothing and are not read.
    const series = keys.length > 0 ? `PARTITION BY ${keys.join(', ')} ` : '';
    const n = params.add(instants.length, '::int');
    const changesOf = (b: string, sign: string) =>
      `SELECT ${[...keys, `${b} AS b`, `${sign}count(*) AS delta`].join(', ')}
       FROM waits WHERE first_b <= last_b GROUP BY ${[...keys, b].join(', ')}`;
    // A rollup row's changes as one array pair unnested in its select list: +missed at its slot
    // (prepended as slot + 1 µs, negated, so that one bucket formula and one sign serve both), then
    // -ended at each end; summed per series and instant before the union, like the calls' changes.
    // At 10 M calls a week's rows give ~50,000 changes: as a lateral subquery per row, ungrouped,
    // the query took half as long again.
    const settledChanges = settled
      ? `UNION ALL
        SELECT ${[...keys, 'b', 'sum(delta)'].join(', ')}
        FROM (SELECT ${[...keys, `width_bucket(e - interval '1 microsecond', ${at}) + 1 AS b`, '-n::bigint AS delta'].join(', ')}
              FROM (SELECT ${[...groups, `unnest(array_prepend(ts + interval '1 microsecond', open_ends)) AS e`, 'unnest(array_prepend(-missed, open_counts)) AS n'].join(', ')}
                    FROM (${settled}) r WHERE settled_at > ${first} AND ${where}) r) u
        GROUP BY ${[...keys, 'b'].join(', ')}`
      : '';
    const text = `WITH waits AS MATERIALIZED (
        SELECT ${[...groups, `width_bucket(ts, ${at}) + 1 AS first_b`, `width_bucket(open_until - interval '1 microsecond', ${at}) AS last_b`].join(', ')}
        FROM (${parts}) p
        WHERE ts < ${last} AND open_until > ${first} AND ${where}),
      changes AS (
        SELECT ${[...keys, 'b', 'sum(delta) AS delta'].join(', ')}
        FROM (${changesOf('first_b', '')} UNION ALL ${changesOf('last_b + 1', '-')} ${settledChanges}) c
        GROUP BY ${[...keys, 'b'].join(', ')}),
      waiting AS (
        SELECT ${[...keys, 'b', `sum(delta) OVER (${series}ORDER BY b) AS open`, `lead(b, 1, ${n} + 1) OVER (${series}ORDER BY b) AS next_b`].join(', ')}
        FROM changes)
      SELECT ${['s.b', ...keys, 'open'].join(', ')}
      FROM waiting, generate_series(waiting.b, least(waiting.next_b, ${n} + 1) - 1) s(b)
      WHERE open > 0`;
    return { text, values: params.values };
  }
  const aggregates = aliases.map(aggregateOf);
  const from = params.add(new Date(spec.from), '::timestamptz');
  const to = params.add(new Date(spec.to), '::timestamptz');
  const stored = spanParams
    ? `(missed_at >= ${from} AND missed_at < ${spanParams.first}) OR (missed_at >= ${spanParams.last} AND missed_at < ${to})`
    : `missed_at >= ${from} AND missed_at < ${to}`;
  const parts = missedCallsSql(source, stored, params);
  const nowParam = params.add(new Date(now), '::timestamptz');
  const bucket = `width_bucket(ts, ${params.add(
    spec.buckets.map((b) => new Date(b)),
    '::timestamptz[]',
  )}) AS b`;
  const columnsOf = (value: (a: CallbackAggregate) => string) => [
    ...new Map(aggregates.map((a) => [a.column, `${value(a)} AS ${a.column}`])).values(),
  ];
  const units = [
    `SELECT ${[bucket, ...groups, ...columnsOf((a) => a.call(nowParam))].join(', ')}
     FROM (${parts}) p
     WHERE ts >= ${from} AND ts < ${to} AND ${where}`,
  ];
  if (settled)
    units.push(`SELECT ${[bucket, ...groups, ...columnsOf((a) => a.settled)].join(', ')}
     FROM (${settled}) r
     WHERE ${where}`);
  // Grouped, then the quantiles picked out of their array (`quantiles`, 1-based, in alias order).
  const fractions = aggregates.flatMap((a) => ('fraction' in a ? [a.fraction] : []));
  const sums = aggregates.flatMap((a, i) => ('total' in a ? [`${a.total} AS ${aliases[i]}`] : []));
  const grouped = `SELECT ${['b', ...keys, ...sums, ...(fractions.length > 0 ? [quantilesSql(fractions)] : [])].join(', ')}
    FROM (${units.join(' UNION ALL ')}) u
    GROUP BY ${['b', ...keys].join(', ')}`;
  const picked = aggregates.map((a, i) =>
    'fraction' in a ? `quantiles[${fractions.indexOf(a.fraction) + 1}] AS ${aliases[i]}` : aliases[i]!,
  );
  return {
    text: `SELECT ${['b', ...keys, ...picked].join(', ')} FROM (${grouped}) t`,
    values: params.values,
  };
}
