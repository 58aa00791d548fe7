/**
 * Whether a health period (alias `hp`) may overlap [from, to]: the expression of the GiST index of
 * migration 019, so a lookup reads only the periods near the range instead of all history before it.
 * A superset (closed span, open periods to infinity): the exact overlap test must follow.
 */
export const periodSpanOverlaps = (from: string, to: string) =>
  `tstzrange(hp.started_at, coalesce(hp.ended_at, 'infinity'), '[]') && tstzrange(${from}, ${to}, '[]')`;

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
  // Periods are looked up per cell (the lateral join lets the index take each cell's bounds).
  return `SELECT r.s AS ts, coalesce(t.tags, '{}'::jsonb) AS tags, p.phone AS exophone, p.exophone_sid, p.direction,
      ${seconds('healthy')} AS healthy_s, ${seconds('affected')} AS affected_s, ${seconds('unknown')} AS unknown_s
    FROM unnest(${cellStarts}, ${cellEnds}) AS r(s, e)
    JOIN LATERAL (SELECT hp.exophone_sid, coalesce(hp.phone_number, x.phone_number) AS phone, hp.direction, hp.state,
                 hp.started_at AS ps, coalesce(hp.ended_at, greatest(${now}, hp.started_at)) AS pe
          FROM exophone_health_periods hp
          LEFT JOIN exophones x ON x.account_sid = hp.account_sid AND x.sid = hp.exophone_sid
          WHERE ${periodSpanOverlaps('r.s', 'r.e')}) p
      ON p.ps < r.e AND p.pe > r.s
    LEFT JOIN ${tagState} t ON t.target = p.phone AND t.valid_from < least(p.pe, r.e) AND t.valid_to > greatest(p.ps, r.s)`;
}
