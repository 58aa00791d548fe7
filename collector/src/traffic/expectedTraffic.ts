import type { PoolClient } from 'pg';
import { historyPlan, hoursBand, usableHours } from './expected';
import type { HolidayHours, TrafficScope } from './holidays';
import { buildCallQuery, callQueryColumns } from '../calls/callSql';
import { packedSql } from '../querykit/packedRows';
import type { Row } from '../engine/frames';
import { cleanOfSlots, planRange, type RangePlan } from '../querykit/plan';
import type { QuerySpec } from '../engine/spec';
import type { Dimension } from '../querykit/sql';
import { callRollupOf } from '../calls/plan';
import type { CallRollupName } from '../rollups/rollupTables';
import { HOUR_MS, zoneClock } from '../querykit/zone';

/**
 * The rows of incoming_expected and incoming_vs_expected: per bucket and group, the incoming calls
 * observed (`calls`) and the band expected (`expected`, `lower`, `upper`: null, and `unknown` = 1, when
 * there is no expectation). The history is the hourly incoming-call count of every hour the buckets need
 * (the same hours of the 8 weeks before), read from the hourly rollups where they are clean and from
 * the raw tables elsewhere, exactly like any other query, so it equals the raw computation.
 */
export interface ExpectedTrafficInput {
  spec: QuerySpec;
  /** The rollups' business time zone. */
  zone: string;
  holidays: HolidayHours;
  /** Rows of the calls query (b, g0…, calls) over the spec's own buckets. */
  observed: readonly Row[];
}

const WHOLE_HOUR_GRAIN = { text: '1h', grain: 'hour', step: 1 } as const;

/** Each bucket as [start, end), cut to the requested range. */
function bucketWindows(spec: QuerySpec): [number, number][] {
  return spec.buckets.map((start, i) => [
    Math.max(start, spec.from),
    Math.min(spec.buckets[i + 1] ?? spec.to, spec.to),
  ]);
}

/** Sorted hour starts as [start, end) ranges of adjacent hours. */
function hourRanges(hours: readonly number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const hour of hours) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === hour) last[1] = hour + HOUR_MS;
    else ranges.push([hour, hour + HOUR_MS]);
  }
  return ranges;
}

/** Hour buckets for the history: rollup hours where clean, raw elsewhere (as calls/plan.ts does). */
async function planHistory(
  client: PoolClient,
  spec: QuerySpec,
  zone: string,
  ranges: [number, number][],
): Promise<{ plan: RangePlan; rollup: CallRollupName }> {
  const rollup = callRollupOf({ ...spec, interval: WHOLE_HOUR_GRAIN });
  const plan: RangePlan = { days: [], hours: [], raw: [] };
  if (rollup === null || spec.timeZone !== zone || ranges.length === 0) {
    plan.raw.push(...ranges);
    return { plan, rollup: 'main' };
  }
  const { rows } = await client.query<{ slot: Date }>(
    `SELECT slot FROM rollup_dirty_slots WHERE slot >= $1::timestamptz - interval '1 hour' AND slot < $2`,
    [new Date(ranges[0]![0]), new Date(ranges[ranges.length - 1]![1])],
  );
  const clean = cleanOfSlots(rows.map((r) => r.slot.getTime()));
  for (const [from, to] of ranges) {
    const part = planRange({ from, to, zone, rollup: 'hour', clean });
    plan.hours.push(...part.hours);
    plan.raw.push(...part.raw);
  }
  return { plan, rollup };
}

/** The first stored call's local hour: hours before it are unknown, not quiet. */
async function historyStart(client: PoolClient, zone: string): Promise<number> {
  const { rows } = await client.query<{ first: Date | null }>('SELECT min(date_created) AS first FROM calls');
  const first = rows[0]?.first;
  return first ? zoneClock(zone).floor(first.getTime(), HOUR_MS) : Infinity;
}

const nameOf = (dim: Dimension) => (dim.kind === 'tag' ? dim.key : dim.name);

/** The ExoPhone, team and flow a group is narrowed to, by its labels or a one-value filter. */
function scopeOf(spec: QuerySpec, row: Row | undefined): TrafficScope {
  const scope: TrafficScope = { team: null, flow: null, exophone: null };
  const set = (name: string, value: unknown) => {
    if (value == null) return;
    if (name === 'team') scope.team = String(value);
    if (name === 'flow') scope.flow = String(value);
    if (name === 'exophone') scope.exophone = String(value);
  };
  for (const filter of spec.filters)
    if (!filter.negate && filter.values.length === 1) set(nameOf(filter.dimension), filter.values[0]);
  spec.groupBy.forEach((dim, i) => set(nameOf(dim), row?.[`g${i}`]));
  return scope;
}

const groupKey = (spec: QuerySpec, row: Row) =>
  JSON.stringify(spec.groupBy.map((_, i) => row[`g${i}`] ?? null));

export async function expectedTrafficRows(client: PoolClient, input: ExpectedTrafficInput): Promise<Row[]> {
  const { spec, zone } = input;
  const bandPlan = historyPlan(bucketWindows(spec), spec.timeZone);
  const { hours } = bandPlan;
  const historySpec: QuerySpec = { ...spec, buckets: hours };
  const { plan, rollup } = await planHistory(client, spec, zone, hourRanges(hours));
  const built = buildCallQuery(historySpec, plan, ['calls'], rollup);
  // One row per group with its hours' counts as arrays: 20 teams × 1,344 hours would otherwise be 27,000
  // rows to parse, which took longer than the query.
  const { keys } = callQueryColumns(historySpec, ['calls']);
  const history = (
    await client.query<Row & { b: number[] | null; calls: number[] | null }>(
      packedSql(built.text, keys, ['b', 'calls']),
      built.values,
    )
  ).rows;
  const historyFrom = await historyStart(client, spec.timeZone);

  // Per group: its labels (a row of it), its calls in each of the plan's hours and per bucket observed.
  const groups = new Map<string, { labels: Row; counts: Float64Array; observed: Map<number, number> }>();
  const groupOf = (row: Row) => {
    const key = groupKey(spec, row);
    let group = groups.get(key);
    if (!group) {
      const labels = Object.fromEntries(spec.groupBy.map((_, i) => [`g${i}`, row[`g${i}`] ?? null]));
      group = { labels, counts: new Float64Array(hours.length), observed: new Map() };
      groups.set(key, group);
    }
    return group;
  };
  if (spec.groupBy.length === 0) groupOf({});
  for (const row of history) {
    const { counts } = groupOf(row);
    // b is the history query's bucket: the 1-based position of the hour in `hours`.
    row.b?.forEach((b, i) => (counts[b - 1] = row.calls![i]!));
  }
  for (const row of input.observed) groupOf(row).observed.set(Number(row.b), Number(row.calls));

  const rows: Row[] = [];
  for (const { labels, counts, observed } of groups.values()) {
    const series = {
      counts,
      usable: usableHours(hours, input.holidays(scopeOf(spec, labels), hours), historyFrom),
    };
    bandPlan.windows.forEach((hoursOfWindow, i) => {
      const band = hoursBand(hoursOfWindow, series);
      // Without an expectation the band is null, not 0: "no expectation" must not read "expect 0 calls".
      // Object.assign, not a spread of `labels` into the literal: V8 took some 10 µs a row for that
      // spread, 30 ms of a week of teams' 3,360 rows, against under 1 µs for this.
      rows.push(
        Object.assign({}, labels, {
          b: i + 1,
          calls: observed.get(i + 1) ?? 0,
          expected: band?.expected ?? null,
          lower: band?.lower ?? null,
          upper: band?.upper ?? null,
          unknown: band ? 0 : 1,
        }),
      );
    });
  }
  return rows;
}
