import type { BuiltQuery } from './callSql';
import type { RangePlan } from './plan';
import type { QuerySpec } from './request';
import { dimensionSql, filtersSql, Params } from './sql';

/**
 * ExoPhone health time from exophone_health_periods (see 002_webhooks.sql): each period is cut at the
 * given cells (each inside one bucket) and at its number's tag changes, and its seconds are counted
 * by state. An open period lasts until `now`. Columns: ts (cell start), tags, exophone, exophone_sid,
 * direction, healthy_s, affected_s, unknown_s.
 */
export function healthPiecesSql(
  cellStarts: string,
  cellEnds: string,
  now: string,
  tagState = 'tag_state',
): string {
  const lo = `greatest(p.ps, r.s, coalesce(t.valid_from, '-infinity'))`;
  const hi = `least(p.pe, r.e, coalesce(t.valid_to, 'infinity'))`;
  const seconds = (state: string) =>
    `CASE WHEN p.state = '${state}' THEN extract(epoch FROM ${hi} - ${lo}) ELSE 0 END`;
  return `SELECT r.s AS ts, coalesce(t.tags, '{}'::jsonb) AS tags, p.phone AS exophone, p.exophone_sid, p.direction,
      ${seconds('healthy')} AS healthy_s, ${seconds('affected')} AS affected_s, ${seconds('unknown')} AS unknown_s
    FROM unnest(${cellStarts}, ${cellEnds}) AS r(s, e)
    JOIN (SELECT hp.exophone_sid, coalesce(hp.phone_number, x.phone_number) AS phone, hp.direction, hp.state,
                 hp.started_at AS ps, coalesce(hp.ended_at, greatest(${now}, hp.started_at)) AS pe
          FROM exophone_health_periods hp
          LEFT JOIN exophones x ON x.account_sid = hp.account_sid AND x.sid = hp.exophone_sid) p
      ON p.ps < r.e AND p.pe > r.s
    LEFT JOIN ${tagState} t ON t.target = p.phone AND t.valid_from < least(p.pe, r.e) AND t.valid_to > greatest(p.ps, r.s)`;
}

/** Cuts [start, end) ranges at bucket starts so each cell lies in one bucket. */
export function cells(ranges: readonly [number, number][], buckets: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const [s, e] of ranges) {
    let cursor = s;
    for (const b of buckets) {
      if (b <= cursor) continue;
      if (b >= e) break;
      out.push([cursor, b]);
      cursor = b;
    }
    out.push([cursor, e]);
  }
  return out;
}

export const HEALTH_SUMS: Readonly<Record<string, string>> = {
  healthy: 'SUM(healthy_s)',
  affected: 'SUM(affected_s)',
  unknown: 'SUM(unknown_s)',
  observed: 'SUM(healthy_s + affected_s)',
  tracked: 'SUM(healthy_s + affected_s + unknown_s)',
};

export function buildHealthQuery(spec: QuerySpec, plan: RangePlan, now: number): BuiltQuery {
  const params = new Params();
  const parts: string[] = [];
  if (plan.days.length > 0) {
    parts.push(`SELECT bucket AS ts, tags, exophone, exophone_sid, direction, healthy_s, affected_s, unknown_s
      FROM health_rollup_daily WHERE bucket = ANY(${params.add(
        plan.days.map((d) => new Date(d)),
        '::timestamptz[]',
      )})`);
  }
  const raw = cells(plan.raw, spec.buckets);
  if (raw.length > 0) {
    parts.push(
      healthPiecesSql(
        params.add(
          raw.map(([s]) => new Date(s)),
          '::timestamptz[]',
        ),
        params.add(
          raw.map(([, e]) => new Date(e)),
          '::timestamptz[]',
        ),
        params.add(new Date(now), '::timestamptz'),
      ),
    );
  }
  const groups = spec.groupBy.map((g, i) => `${dimensionSql(g, params)} AS g${i}`);
  const sums = Object.entries(HEALTH_SUMS).map(([alias, sql]) => `${sql} AS ${alias}`);
  const bucket = `width_bucket(ts, ${params.add(
    spec.buckets.map((b) => new Date(b)),
    '::timestamptz[]',
  )}) AS b`;
  const text = `WITH parts AS (${parts.join('\nUNION ALL\n')})
    SELECT ${[bucket, ...groups, ...sums].join(', ')}
    FROM (SELECT * FROM parts WHERE ${filtersSql(spec.filters, params)}) p
    GROUP BY ${Array.from({ length: 1 + groups.length }, (_, i) => i + 1).join(', ')}`;
  return { text, values: params.values };
}
