import type { CollectorField, CollectorFrame } from '@exowatch/contract';
import type { SeriesSpec } from './metrics';
import type { QuerySpec } from './spec';

/**
 * Grafana-style data frames (the JSON the plugin turns into DataFrames): one wide frame per query with
 * a time field and, per series, a value field with labels and unit, followed by that series'
 * numerator and denominator fields for ratios (config.custom.role tells them apart).
 */
type Field = CollectorField;

/** The contract's frame; the collector always sends meta.custom. */
export type Frame = CollectorFrame & {
  meta: NonNullable<CollectorFrame['meta']> & { custom: Record<string, unknown> };
};

export type Row = Record<string, unknown>;

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const NONE = '(none)';

/** Sum aliases the series need. */
export function aliasesOf(series: readonly SeriesSpec[]): string[] {
  const aliases = series.flatMap((s) => [
    ...s.value.split('+'),
    ...(s.denominator ? [s.denominator] : []),
    ...(s.unavailableIf ? [s.unavailableIf] : []),
  ]);
  return [...new Set(aliases)];
}

// Called for every point of every series (a month of agents by hour: ~100,000 times), so a lone
// alias is read without splitting it.
const num = (row: Row, alias: string): number =>
  alias.includes('+')
    ? alias.split('+').reduce((sum, a) => sum + Number(row[a] ?? 0), 0)
    : Number(row[alias] ?? 0);

interface Point {
  value: number | string | null;
  numerator?: number;
  /** Null when the row has no denominator at all (incoming_vs_expected without an expectation). */
  denominator?: number | null;
}

function point(series: SeriesSpec, row: Row | undefined): Point {
  if (series.kind === 'state') {
    if (!row) return { value: null };
    const [affected, unknown, healthy] = [num(row, 'affected'), num(row, 'unknown'), num(row, 'healthy')];
    return { value: affected > 0 ? 'affected' : unknown > 0 ? 'unknown' : healthy > 0 ? 'healthy' : null };
  }
  if (series.kind === 'quantile')
    return { value: row?.[series.value] != null ? Number(row[series.value]) : null };
  const numerator = row ? num(row, series.value) : 0;
  const unavailable = series.unavailableIf && row ? num(row, series.unavailableIf) > 0 : false;
  if (series.kind === 'count') return { value: unavailable ? null : numerator };
  if (row && row[series.denominator!] === null) return { value: null, numerator, denominator: null };
  const denominator = row ? num(row, series.denominator!) : 0;
  return { value: denominator > 0 && !unavailable ? numerator / denominator : null, numerator, denominator };
}

function groupLabels(spec: QuerySpec, row: Row): Record<string, string> {
  const labels: Record<string, string> = {};
  spec.groupBy
    .filter((g) => !(g.kind === 'builtin' && g.name === 'status'))
    .forEach((g, i) => {
      const value = row[`g${i}`];
      labels[g.kind === 'tag' ? g.key : g.name] = value == null ? NONE : String(value);
    });
  return labels;
}

function seriesFields(
  spec: QuerySpec,
  name: string,
  labels: Record<string, string>,
  series: SeriesSpec,
  points: Point[],
): Field[] {
  const all = { ...labels, ...series.labels };
  const type = series.kind === 'state' ? 'string' : 'number';
  const fields: Field[] = [
    {
      name,
      type,
      labels: all,
      config: { unit: spec.metric.unit, custom: { role: 'value' } },
      values: points.map((p) => p.value),
    },
  ];
  if (series.kind === 'ratio') {
    fields.push(
      {
        name: series.value,
        type: 'number',
        labels: all,
        config: { custom: { role: 'numerator' } },
        values: points.map((p) => p.numerator ?? 0),
      },
      {
        name: series.denominator!,
        type: 'number',
        labels: all,
        config: { custom: { role: 'denominator' } },
        values: points.map((p) => (p.denominator === undefined ? 0 : p.denominator)),
      },
    );
  }
  return fields;
}

/**
 * Groups rows by their label set, in a stable order. Rows are told apart by their raw group values
 * first (cheap), and each new combination of those is mapped to its label set once: values that label
 * alike (null and '(none)') still share a group.
 */
function byGroup(spec: QuerySpec, rows: readonly Row[]): [Record<string, string>, Row[]][] {
  const groups = new Map<string, [Record<string, string>, Row[]]>();
  const byValues = new Map<unknown, Row[]>();
  const count = spec.groupBy.filter((g) => !(g.kind === 'builtin' && g.name === 'status')).length;
  const columns = Array.from({ length: count }, (_, i) => `g${i}`);
  // One dimension (the usual case): its value itself tells the rows apart.
  const valuesOf = (row: Row) =>
    count === 1 ? (row.g0 ?? null) : JSON.stringify(columns.map((column) => row[column] ?? null));
  for (const row of rows) {
    const values = valuesOf(row);
    let members = byValues.get(values);
    if (!members) {
      const labels = groupLabels(spec, row);
      const key = JSON.stringify(labels);
      if (!groups.has(key)) groups.set(key, [labels, []]);
      members = groups.get(key)![1];
      byValues.set(values, members);
    }
    members.push(row);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

/**
 * The groups of the rows; with no rows at all and nothing grouped, one empty group, so the answer still
 * has its series (zeros for counts, nulls for ratios) instead of no series: the panel shows an empty
 * range, not a vanished grid.
 */
function groupsOrEmpty(spec: QuerySpec, rows: readonly Row[]): [Record<string, string>, Row[]][] {
  const groups = byGroup(spec, rows);
  if (groups.length === 0 && spec.groupBy.length === 0) groups.push([{}, []]);
  return groups;
}

/** The frame of a spec's rows; `series` are the metric's unless its family fans them out (MetricFamily.series). */
export function buildFrame(
  spec: QuerySpec,
  rows: readonly Row[],
  notices: string[],
  series: readonly SeriesSpec[] = spec.metric.series,
): Frame {
  const fields: Field[] = [];
  if (spec.metric.hourOfWeek) {
    fields.push({ name: 'hour', type: 'number', values: Array.from({ length: 24 }, (_, h) => h) });
    for (const [labels, groupRows] of groupsOrEmpty(spec, rows)) {
      WEEKDAYS.forEach((weekday, d) => {
        const cell = new Map(groupRows.filter((r) => Number(r.dow) === d + 1).map((r) => [Number(r.hod), r]));
        const points = Array.from({ length: 24 }, (_, h) => point(series[0]!, cell.get(h)));
        fields.push(...seriesFields(spec, spec.metric.name, { ...labels, weekday }, series[0]!, points));
      });
    }
  } else {
    fields.push({ name: 'time', type: 'time', values: spec.buckets });
    for (const [labels, groupRows] of groupsOrEmpty(spec, rows)) {
      // b is the 1-based bucket number.
      const byBucket: (Row | undefined)[] = new Array(spec.buckets.length + 1);
      for (const r of groupRows) byBucket[Number(r.b)] = r;
      for (const s of series) {
        const points = spec.buckets.map((_, i) => point(s, byBucket[i + 1]));
        fields.push(...seriesFields(spec, spec.metric.name, labels, s, points));
      }
    }
  }
  return {
    name: spec.metric.name,
    ...(spec.refId !== undefined ? { refId: spec.refId } : {}),
    fields,
    meta: {
      ...(notices.length > 0
        ? { notices: notices.map((text) => ({ severity: 'info' as const, text })) }
        : {}),
      custom: { interval: spec.interval.text, timeZone: spec.timeZone, unit: spec.metric.unit },
    },
  };
}
