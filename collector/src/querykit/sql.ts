export const BUILTIN_NAMES = ['exophone', 'agent', 'flow', 'direction', 'status', 'period'] as const;
export type BuiltinName = (typeof BUILTIN_NAMES)[number];

/** A dimension: a built-in one (a column of the parts rows) or a tag key. */
export type Dimension = { kind: 'builtin'; name: BuiltinName } | { kind: 'tag'; key: string };

export interface Filter {
  dimension: Dimension;
  negate: boolean;
  values: string[];
}

/** Collects parameter values and hands out `$n` placeholders: user input never enters SQL text. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast = ''): string {
    this.values.push(isInstantsArray(value) ? instantsLiteral(value) : value);
    return `$${this.values.length}${cast}`;
  }
}

/** An array of instants, some of them possibly null (a callback not made, say). */
const isInstantsArray = (value: unknown): value is (Date | null)[] =>
  Array.isArray(value) &&
  value.some((v) => v instanceof Date) &&
  value.every((v) => v === null || v instanceof Date);

const DAY_MS = 86_400_000;

/**
 * Instants as one array literal of UTC ISO texts. node-postgres formats each Date of an array in the
 * local time zone and quotes it, element by element, and V8's toISOString takes a microsecond: a week
 * of expected traffic by team sends 2,700 bucket and history hours. Those are a few dozen days and
 * times of day, so each day's date and each time of day is formatted once.
 */
export function instantsLiteral(dates: readonly (Date | null)[]): string {
  const dayTexts = new Map<number, string>();
  const timeTexts = new Map<number, string>();
  const texts = dates.map((date) => {
    if (date === null) return 'NULL';
    const ms = date.getTime();
    const day = Math.floor(ms / DAY_MS);
    const inDay = ms - day * DAY_MS;
    let dayText = dayTexts.get(day);
    let timeText = timeTexts.get(inDay);
    if (dayText === undefined || timeText === undefined) {
      const iso = date.toISOString();
      const t = iso.indexOf('T') + 1;
      dayText = iso.slice(0, t);
      timeText = iso.slice(t);
      dayTexts.set(day, dayText);
      timeTexts.set(inDay, timeText);
    }
    return dayText + timeText;
  });
  return `{${texts.join(',')}}`;
}

/** SQL for a dimension over a parts row (columns tags, exophone, agent, flow, direction, period). */
export function dimensionSql(dim: Dimension, params: Params): string {
  return dim.kind === 'tag' ? `(tags ->> ${params.add(dim.key, '::text')})` : dim.name;
}

/**
 * A filter's values. A tag filter is written as containment (`tags @> {"team": "A"}` for each value),
 * which the rollups' GIN indexes answer (migration 007); it equals `tags ->> 'team' = ANY(…)` because
 * tag values are always JSON strings.
 */
function matchSql(filter: Filter, params: Params): string {
  if (filter.dimension.kind === 'builtin')
    return `${filter.dimension.name} = ANY(${params.add(filter.values, '::text[]')})`;
  const { key } = filter.dimension;
  const contains = filter.values.map(
    (value) => `tags @> ${params.add(JSON.stringify({ [key]: value }), '::jsonb')}`,
  );
  return `(${contains.join(' OR ')})`;
}

/** Filters as one SQL condition (status filters are applied by fanning out series instead). */
export function filtersSql(filters: readonly Filter[], params: Params): string {
  const conditions = filters
    .filter((f) => !(f.dimension.kind === 'builtin' && f.dimension.name === 'status'))
    .map((f) => {
      const match = matchSql(f, params);
      return f.negate ? `NOT coalesce(${match}, false)` : match;
    });
  return conditions.length > 0 ? conditions.join(' AND ') : 'true';
}

/** `(ts >= a AND ts < b) OR …` over a column, for a list of [start, end) ms ranges. */
export function rangesSql(column: string, ranges: readonly [number, number][], params: Params): string {
  return ranges
    .map(
      ([s, e]) =>
        `(${column} >= ${params.add(new Date(s), '::timestamptz')} AND ${column} < ${params.add(new Date(e), '::timestamptz')})`,
    )
    .join(' OR ');
}
