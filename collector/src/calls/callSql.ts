import { factsSql, MEASURE_NAMES } from '../rollups/facts';
import type { RangePlan } from '../querykit/plan';
import { CALL_ROLLUPS, type CallRollup, type CallRollupName } from '../rollups/rollupTables';
import type { QuerySpec } from '../engine/spec';
import { dimensionSql, filtersSql, Params, rangesSql } from '../querykit/sql';
import { HOUR_MS } from '../querykit/zone';

export interface BuiltQuery {
  text: string;
  values: unknown[];
}

/** The sum aliases a call query returns, with their aggregate SQL over parts rows. */
export function callSums(
  aliases: readonly string[],
  spec: QuerySpec,
  params: Params,
): { sums: string[]; measures: string[] } {
  const measures = new Set<string>();
  const sums = aliases.map((alias) => {
    if (alias === 'sl_met') {
      const { defaultSeconds, teamKey, byTeam } = spec.serviceLevel;
      measures.add(`sl_within_${defaultSeconds}`);
      const cases = Object.entries(byTeam).map(([team, seconds]) => {
        measures.add(`sl_within_${seconds}`);
        return `WHEN ${params.add(team, '::text')} THEN sl_within_${seconds}`;
      });
      const expr =
        cases.length > 0
          ? `CASE tags ->> ${params.add(teamKey, '::text')} ${cases.join(' ')} ELSE sl_within_${defaultSeconds} END`
          : `sl_within_${defaultSeconds}`;
      return `SUM(${expr}) AS sl_met`;
    }
    if (!MEASURE_NAMES.includes(alias)) throw new Error(`no call measure ${alias}`);
    measures.add(alias);
    return `SUM(${alias}) AS ${alias}`;
  });
  return { sums, measures: [...measures] };
}

const PART_DIMS = ['tags', 'exophone', 'flow', 'direction', 'agent', 'period'] as const;

/** The dimensions a call query groups by: a status is none (its counts are measures). */
const groupedDimensions = (spec: QuerySpec) =>
  spec.groupBy.filter((g) => !(g.kind === 'builtin' && g.name === 'status'));

/** A call query's output columns: its group keys (g0…gN), and its bucket columns and sums. */
export function callQueryColumns(
  spec: QuerySpec,
  aliases: readonly string[],
): { keys: string[]; columns: string[] } {
  return {
    keys: groupedDimensions(spec).map((_, i) => `g${i}`),
    columns: [...(spec.metric.hourOfWeek ? ['dow', 'hod'] : ['b']), ...aliases],
  };
}

/**
 * Output columns: b (bucket number, or dow/hod for hour-of-week), g0…gN, then the sums. The plan's
 * days and hours are read from the `rollup` family's tables, the rest from the raw tables.
 */
export function buildCallQuery(
  spec: QuerySpec,
  plan: RangePlan,
  aliases: readonly string[],
  rollupName: CallRollupName,
): BuiltQuery {
  const params = new Params();
  const { sums, measures } = callSums(aliases, spec, params);
  const cols = `ts, ${PART_DIMS.join(', ')}, ${measures.join(', ')}`;
  const parts: string[] = [];
  const family: CallRollup = CALL_ROLLUPS[rollupName];
  const dims = PART_DIMS.map((d) =>
    (family.dims as readonly string[]).includes(d) ? d : `NULL::text AS ${d}`,
  );
  // Minute rows are picked by the hour they lie in; the other tables by their own bucket. The range
  // around the list lets the planner estimate it and AND the bucket index with a tag filter's GIN
  // index; from the list alone it would fetch every row carrying the tag, of all time.
  const picked = rollupName === 'minute' ? 'hour' : 'bucket';
  const rollup = (table: string, starts: number[], unitMs: number | null) => {
    const first = starts.reduce((a, b) => Math.min(a, b));
    const last = starts.reduce((a, b) => Math.max(a, b));
    const range = `${picked} >= ${params.add(new Date(first), '::timestamptz')} AND ${picked} <= ${params.add(new Date(last), '::timestamptz')}`;
    // Every hour from first to last (a month of clean hours, the usual case) and no filter: the range
    // alone picks exactly them, since hour rows sit on the zone's hours, where the list costs an index
    // descent per hour (incoming vs expected's 9 weeks: ~10 ms of 65 at 1 M calls). With a filter the
    // list stays: without its low estimate the planner reads every row of a team, of all time, and
    // filters them by time (agents of two teams: 63 → 100 ms at 1 M calls).
    const everyHour =
      unitMs !== null &&
      spec.filters.length === 0 &&
      last - first === (starts.length - 1) * unitMs &&
      new Set(starts).size === starts.length;
    const listed = everyHour
      ? ''
      : ` AND ${picked} = ANY(${params.add(
          starts.map((s) => new Date(s)),
          '::timestamptz[]',
        )})`;
    return `SELECT bucket AS ts, ${dims.join(', ')}, ${measures.join(', ')} FROM ${table} WHERE ${range}${listed}`;
  };
  if (plan.days.length > 0) {
    if (!family.daily) throw new Error(`${family.hourly} keeps no day rollups`);
    // Local days are not all 24 hours long: they keep their list.
    parts.push(rollup(family.daily, plan.days, null));
  }
  if (plan.hours.length > 0) parts.push(rollup(family.hourly, plan.hours, HOUR_MS));
  if (plan.raw.length > 0) {
    parts.push(
      `SELECT ${cols} FROM (${factsSql({ where: rangesSql('c.date_created', plan.raw, params), measures })}) f`,
    );
  }
  const where = [filtersSql(spec.filters, params)];
  if (spec.metric.inboundOnly) where.push(`direction = 'inbound'`);
  const groups = groupedDimensions(spec).map((g, i) => `${dimensionSql(g, params)} AS g${i}`);
  const local = () => `ts AT TIME ZONE ${params.add(spec.timeZone, '::text')}`;
  const bucket = spec.metric.hourOfWeek
    ? `extract(isodow FROM ${local()})::int AS dow, extract(hour FROM ${local()})::int AS hod`
    : `width_bucket(ts, ${params.add(
        spec.buckets.map((b) => new Date(b)),
        '::timestamptz[]',
      )}) AS b`;
  const keyCount = (spec.metric.hourOfWeek ? 2 : 1) + groups.length;
  const text = `WITH parts AS (${parts.join('\nUNION ALL\n')})
    SELECT ${[bucket, ...groups, ...sums].join(', ')}
    FROM (SELECT * FROM parts WHERE ${where.join(' AND ')}) p
    GROUP BY ${Array.from({ length: keyCount }, (_, i) => i + 1).join(', ')}`;
  return { text, values: params.values };
}
