import { WINDOW_CAP_MS } from './match';
import { MISSED_ROW_COLUMNS, missedRowArrays, type MissedCallsSource } from './missedRow';
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
  const clean =
    source.dirtySlots.length > 0
      ? ` AND rollup_slot(missed_at) NOT IN (SELECT unnest(${params.add(
          source.dirtySlots.map((s) => new Date(s)),
          '::timestamptz[]',
        )}))`
      : '';
  return `SELECT ${columns('open_until')}
    FROM missed_calls WHERE (${storedWhere})${clean}
    UNION ALL
    ${computed}`;
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
 * The quantile of the callback seconds of a group's called-back calls. An ordered-set aggregate would
 * make the query sort every missed call of the range by group, called back or not; instead the
 * seconds of the called-back ones are gathered per group (a hash aggregate) and only they are sorted.
 */
const quantile = (fraction: number, calledBack: string) =>
  `(SELECT percentile_disc(${fraction}) WITHIN GROUP (ORDER BY s)
    FROM unnest(array_agg(callback_seconds) FILTER (WHERE ${calledBack})) s)`;

/** Sum aliases of the callback metrics, as aggregates over missed calls (`now` a parameter). */
function aggregate(alias: string, now: string): string {
  const calledBack = `called_back_at IS NOT NULL AND called_back_at <= ${now}`;
  switch (alias) {
    case 'window_ended':
      return `count(*) FILTER (WHERE window_ends_at <= ${now})`;
    case 'called_back':
      return `count(*) FILTER (WHERE called_back_at IS NOT NULL AND window_ends_at <= ${now})`;
    case 'ttc_p50':
      return quantile(0.5, calledBack);
    case 'ttc_p90':
      return quantile(0.9, calledBack);
    default:
      throw new Error(`no callback aggregate ${alias}`);
  }
}

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

/** Output columns: b (bucket number), g0…gN, then the aliases, like buildCallQuery. */
export function buildCallbackQuery(
  spec: QuerySpec,
  aliases: readonly string[],
  source: MissedCallsSource,
  now: number,
): BuiltQuery {
  const params = new Params();
  const groups = spec.groupBy.map((g, i) => `${dimensionSql(g, params)} AS g${i}`);
  const where = [filtersSql(spec.filters, params), `direction = 'inbound'`];
  const groupBy = Array.from({ length: 1 + groups.length }, (_, i) => i + 1).join(', ');
  if (spec.metric.name === 'missed_callbacks_open') {
    const instants = openInstants(spec, now);
    if (instants.length === 0) return { text: 'SELECT 1 AS b WHERE false', values: [] };
    const at = params.add(
      instants.map((t) => new Date(t)),
      '::timestamptz[]',
    );
    const first = params.add(new Date(instants[0]!), '::timestamptz');
    const last = params.add(new Date(instants[instants.length - 1]!), '::timestamptz');
    const parts = missedCallsSql(source, storedWaitingSql(first, last), params);
    // Open at instant T: missed before T, and neither called back nor past its window end by T. A call
    // waits through the instants first_b..last_b; rather than expanding each call over them (a call
    // missed after closing waits all night: a dozen rows), it adds +1 at first_b and -1 after last_b,
    // and a running sum per series counts the calls waiting at each instant. The calls are read once
    // (materialized: the bucket of each end is computed once per call), and the +1s and -1s counted
    // per series and instant apart, which is cheaper than pairing each call with both of its changes.
    const keys = groups.map((_, i) => `g${i}`);
    const series = keys.length > 0 ? `PARTITION BY ${keys.join(', ')} ` : '';
    const n = params.add(instants.length, '::int');
    const changesOf = (b: string, sign: string) =>
      `SELECT ${[...keys, `${b} AS b`, `${sign}count(*) AS delta`].join(', ')}
       FROM waits WHERE first_b <= last_b GROUP BY ${[...keys, b].join(', ')}`;
    const text = `WITH waits AS MATERIALIZED (
        SELECT ${[...groups, `width_bucket(ts, ${at}) + 1 AS first_b`, `width_bucket(open_until - interval '1 microsecond', ${at}) AS last_b`].join(', ')}
        FROM (${parts}) p
        WHERE ts < ${last} AND open_until > ${first} AND ${where.join(' AND ')}),
      changes AS (
        SELECT ${[...keys, 'b', 'sum(delta) AS delta'].join(', ')}
        FROM (${changesOf('first_b', '')} UNION ALL ${changesOf('last_b + 1', '-')}) c
        GROUP BY ${[...keys, 'b'].join(', ')}),
      waiting AS (
        SELECT ${[...keys, 'b', `sum(delta) OVER (${series}ORDER BY b) AS open`, `lead(b, 1, ${n} + 1) OVER (${series}ORDER BY b) AS next_b`].join(', ')}
        FROM changes)
      SELECT ${['s.b', ...keys, 'open'].join(', ')}
      FROM waiting, generate_series(waiting.b, least(waiting.next_b, ${n} + 1) - 1) s(b)
      WHERE open > 0`;
    return { text, values: params.values };
  }
  const from = params.add(new Date(spec.from), '::timestamptz');
  const to = params.add(new Date(spec.to), '::timestamptz');
  const parts = missedCallsSql(source, `missed_at >= ${from} AND missed_at < ${to}`, params);
  const nowParam = params.add(new Date(now), '::timestamptz');
  const bucket = `width_bucket(ts, ${params.add(
    spec.buckets.map((b) => new Date(b)),
    '::timestamptz[]',
  )}) AS b`;
  const sums = aliases.map((alias) => `${aggregate(alias, nowParam)} AS ${alias}`);
  const text = `SELECT ${[bucket, ...groups, ...sums].join(', ')}
    FROM (${parts}) p
    WHERE ts >= ${from} AND ts < ${to} AND ${where.join(' AND ')}
    GROUP BY ${groupBy}`;
  return { text, values: params.values };
}
