/**
 * A catalogue entry. Every metric is a set of sums (numerators and denominators, never averaged
 * percentages) and one or more series computed from those sums; its family (engine/family.ts) says
 * how the sums are read. Formulas follow the KPI definitions of design.md; docs/kpis.md documents them.
 */
export type MetricSource = 'calls' | 'health';
export type SeriesKind = 'count' | 'ratio' | 'state' | 'quantile';

export interface SeriesSpec {
  /** Extra labels of this series (e.g. the missed-call reason). */
  labels: Record<string, string>;
  kind: SeriesKind;
  /** Sum alias of the value (count) or the numerator (ratio). */
  value: string;
  denominator?: string;
  /** The point is unavailable (null) when this sum is above zero. */
  unavailableIf?: string;
}

export interface MetricDef {
  name: string;
  title: string;
  description: string;
  formula: string;
  /** Grafana unit id. */
  unit: string;
  source: MetricSource;
  /** Only inbound calls count. */
  inboundOnly?: boolean;
  /** Always split by this dimension (completion rate is per direction). */
  alwaysGroupBy?: 'direction';
  /** Grouped by local hour of day × weekday instead of time buckets. */
  hourOfWeek?: boolean;
  series: SeriesSpec[];
}

export const count = (value: string, labels: Record<string, string> = {}): SeriesSpec => ({
  labels,
  kind: 'count',
  value,
});
export const ratio = (value: string, denominator: string, unavailableIf?: string): SeriesSpec => ({
  labels: {},
  kind: 'ratio',
  value,
  denominator,
  ...(unavailableIf ? { unavailableIf } : {}),
});
