/**
 * Typed building blocks of the exowatch dashboards: Grafana's dashboard model from @grafana/schema, with
 * panel targets narrowed to the three data sources the dashboards query (the exowatch plugin's own query
 * model, Prometheus, PostgreSQL), so a misspelt field or a target on the wrong data source is a compile
 * error. The recurring shapes (variables, exowatch and Prometheus targets, dashboard chrome) are built
 * here once.
 */
import type {
  AnnotationContainer,
  Dashboard,
  DashboardLink,
  Panel,
  RowPanel,
  TimePickerConfig,
  VariableModel,
} from '@grafana/schema';
import type { ExoQuery, ExoVariableQuery, TagFilter } from '../../../../plugin/src/types';

export type { TagFilter };

export const EXOWATCH = { type: 'exowatch-exotel-datasource', uid: 'exowatch' } as const;
export const PROMETHEUS = { type: 'prometheus', uid: 'prometheus' } as const;
export const POSTGRES = { type: 'grafana-postgresql-datasource', uid: 'exowatch-postgres' } as const;

export type ExoTarget = ExoQuery & { datasource: typeof EXOWATCH };

/** A PromQL target as Grafana's Prometheus query editor saves it (code mode). */
export interface PromTarget {
  refId: string;
  datasource: typeof PROMETHEUS;
  expr: string;
  instant: boolean;
  range: boolean;
  legendFormat: string;
  format: 'time_series' | 'table';
  editorMode: 'code';
}

/** A raw SQL target of Grafana's PostgreSQL data source. */
export interface SqlTarget {
  refId: string;
  datasource: typeof POSTGRES;
  format: 'table' | 'time_series';
  rawQuery: true;
  editorMode: 'code';
  rawSql: string;
}

export type Target = ExoTarget | PromTarget | SqlTarget;

export type DashboardPanel = Omit<Panel, 'targets' | 'datasource'> & {
  datasource?: typeof EXOWATCH | typeof PROMETHEUS | typeof POSTGRES;
  targets?: Target[];
};

export type DashboardRow = Omit<RowPanel, 'panels'> & { panels: DashboardPanel[] };

/** VariableModel plus the fields Grafana saves for query (definition) and ad hoc (filters) variables. */
export interface Variable extends VariableModel {
  definition?: string;
  filters?: [];
  baseFilters?: [];
}

export type ExowatchDashboard = Omit<Dashboard, 'panels' | 'templating'> & {
  uid: string;
  title: string;
  panels: (DashboardPanel | DashboardRow)[];
  templating: { list: Variable[] };
};

/**
 * The custom All value of every All-able variable. Grafana passes a custom all value through unformatted
 * (template_srv.ts), so it must read as "no filter" both to the plugin (interpolate.ts ALL_MARKERS) and
 * inside a PromQL regex matcher `=~"$var"`: `.*` is both (`*` is an invalid regex to Prometheus).
 */
export const ALL_VALUE = '.*';

const ALL_SELECTED = { selected: true, text: ['All'], value: ['$__all'] };

interface VariableText {
  name: string;
  label: string;
  description: string;
}

/** A multi-value, All-able variable whose values the exowatch data source lists. */
export function exowatchVariable(text: VariableText, query: ExoVariableQuery, definition: string): Variable {
  return {
    type: 'query',
    ...text,
    datasource: EXOWATCH,
    query: { ...query },
    definition,
    refresh: 1,
    multi: true,
    includeAll: true,
    allValue: ALL_VALUE,
    sort: 1,
    current: ALL_SELECTED,
    options: [],
    hide: 0,
  };
}

/** A multi-value, All-able variable over a fixed list of values, at All or at the `selected` values. */
export function customVariable(text: VariableText, values: string[], selected?: string[]): Variable {
  return {
    type: 'custom',
    ...text,
    query: values.join(','),
    multi: true,
    includeAll: true,
    allValue: ALL_VALUE,
    current: selected ? { selected: true, text: selected, value: selected } : ALL_SELECTED,
    options: [
      { selected: !selected, text: 'All', value: '$__all' },
      ...values.map((value) => ({ selected: !!selected?.includes(value), text: value, value })),
    ],
    hide: 0,
  };
}

/** Teams: values of the `team` tag. */
export const TEAM_VARIABLE = exowatchVariable(
  {
    name: 'team',
    label: 'Team',
    description:
      "Values of the `team` tag (admin-managed in the plugin's tag page or `exowatch tags import`).",
  },
  { refId: 'ExoVariableQuery', kind: 'tagValues', key: 'team' },
  'values of tag team',
);

/** Regions: telecom circles of the ExoPhones, or manual `region` tags. */
export const REGION_VARIABLE = exowatchVariable(
  {
    name: 'region',
    label: 'Region',
    description: "Telecom circle of the ExoPhone (from Exotel's ExoPhone list), or a manual `region` tag.",
  },
  { refId: 'ExoVariableQuery', kind: 'tagValues', key: 'region' },
  'values of tag region',
);

/** An exowatch query restricted to the teams selected in `$team`. */
export const TEAM_FILTER: TagFilter = { key: 'team', op: 'in', values: ['$team'] };

/** An exowatch query restricted to the regions selected in `$region`. */
export const REGION_FILTER: TagFilter = { key: 'region', op: 'in', values: ['$region'] };

/**
 * Which part of the business calendars pickup and service level count: business hours unless the viewer
 * picks other periods, or All for every hour. Values of the collector's `period` dimension.
 */
export const PERIOD_VARIABLE = customVariable(
  {
    name: 'period',
    label: 'Hours',
    description:
      'Pickup rate and service level count calls in these periods of their business calendar (default business_hours; All: every hour).',
  },
  ['business_hours', 'after_hours', 'holiday'],
  ['business_hours'],
);

/** An exowatch query restricted to the calendar periods selected in `$period`. */
export const PERIOD_FILTER: TagFilter = { key: 'period', op: 'in', values: ['$period'] };

/** A fixed `period` filter (the Business hours dashboard compares the periods side by side). */
export function periodIs(period: 'business_hours' | 'after_hours' | 'holiday'): TagFilter {
  return { key: 'period', op: 'in', values: [period] };
}

/** Drill-down from a team's series to Team performance, where that team's agents are listed. */
export const TEAM_AGENTS_LINK = {
  title: 'Agents of ${__field.labels.team}',
  url: '/d/exowatch-teams?var-team=${__field.labels.team}&var-compare_by=team&${__url_time_range}',
};

/** Drill-down from a region's series to ExoPhone health for that region. */
export const EXOPHONES_OF_REGION_LINK = {
  title: 'ExoPhones in region ${__field.labels.region}',
  url: '/d/exowatch-exophones?var-region=${__field.labels.region}&${__url_time_range}',
};

/** Drill-down from an ExoPhone's table row to its health timeline. */
export const EXOPHONE_TIMELINE_LINK = {
  title: 'Health timeline of ${__data.fields.exophone}',
  url: '/d/exowatch-exophones?var-exophone=${__data.fields.exophone}&${__url_time_range}',
};

/** What an exowatch query states itself; exowatchQueries adds its refId and data source. */
export type ExoQueryFields = Omit<ExoQuery, 'refId' | 'datasource'>;

/** A panel's data source and targets when it queries exowatch only: the queries as refIds A, B, … in order. */
export function exowatchQueries(
  ...queries: ExoQueryFields[]
): Pick<DashboardPanel, 'datasource' | 'targets'> {
  return {
    datasource: EXOWATCH,
    targets: queries.map((query, i): ExoTarget => ({
      refId: String.fromCharCode(65 + i),
      datasource: EXOWATCH,
      ...query,
    })),
  };
}

/** A metric per team and day, for the teams selected in `$team` (and further `filters`), one series per team. */
export function teamPerDay(metric: string, ...filters: TagFilter[]): ExoQueryFields {
  return {
    metric,
    interval: '1d',
    groupBy: ['team'],
    filters: [TEAM_FILTER, ...filters],
    legendFormat: '{{team}}',
  };
}

/** A ratio between 0 and 1 per team, drilling down to the team's agents. */
export const TEAM_RATIO_DEFAULTS = { unit: 'percentunit', min: 0, max: 1, links: [TEAM_AGENTS_LINK] };

/** The ad hoc filter variable every dashboard carries (applied by the plugin to exowatch queries). */
export const AD_HOC_FILTERS: Variable = {
  type: 'adhoc',
  name: 'filters',
  label: 'Filters',
  description: 'Ad hoc filters on any call dimension or tag (exowatch queries only).',
  datasource: EXOWATCH,
  filters: [],
  baseFilters: [],
  hide: 0,
};

export function promTarget(
  expr: string,
  options: { refId?: string; instant?: boolean; legendFormat?: string; format?: PromTarget['format'] } = {},
): PromTarget {
  const instant = options.instant ?? true;
  return {
    refId: options.refId ?? 'A',
    datasource: PROMETHEUS,
    expr,
    instant,
    range: !instant,
    legendFormat: options.legendFormat ?? '',
    format: options.format ?? 'time_series',
    editorMode: 'code',
  };
}

const ANNOTATION_TARGET: Omit<ExoQuery, 'metric'> = {
  refId: 'Anno',
  queryType: 'annotations',
  annotationKinds: [],
};

/**
 * PromQL label matchers applying the dashboard variables of the same name to a metric's labels:
 * `region=~"$region"`. Left without a format, the Prometheus data source formats a selection itself
 * (interpolateQueryExpr: each value regex-escaped for a PromQL string, several as `(a|b)`), while All
 * becomes the custom all value `.*`, unformatted, which matches every value (the empty one too).
 * `${region:regex}` would not do: its escaping (`\+91…`) is an invalid escape inside a PromQL string.
 */
export function variableMatchers(...labels: string[]): string {
  return labels.map((label) => `${label}=~"$${label}"`).join(', ');
}

/** Grafana's built-in annotations plus the collector's incidents, silences and sync gaps. */
const ANNOTATIONS: AnnotationContainer = {
  list: [
    {
      builtIn: 1,
      datasource: { type: 'grafana', uid: '-- Grafana --' },
      enable: true,
      hide: true,
      iconColor: 'rgba(0, 211, 255, 1)',
      name: 'Annotations & Alerts',
      type: 'dashboard',
    },
    {
      name: 'ExoPhone incidents, heartbeat silences, sync gaps',
      datasource: EXOWATCH,
      enable: true,
      iconColor: 'red',
      target: ANNOTATION_TARGET,
    },
  ],
};

const LINKS: DashboardLink[] = [
  {
    type: 'dashboards',
    tags: ['exowatch'],
    asDropdown: true,
    title: 'exowatch dashboards',
    includeVars: false,
    keepTime: true,
    icon: 'external link',
    tooltip: '',
    targetBlank: false,
  },
];

const TIMEPICKER: TimePickerConfig = { refresh_intervals: ['30s', '1m', '5m', '15m', '1h'] };

/** What every exowatch dashboard sets alike: read-only (provisioned), shared crosshair, browser time. */
const DASHBOARD_CHROME = {
  editable: false,
  graphTooltip: 1,
  timezone: 'browser',
  schemaVersion: 41,
  version: 1,
  timepicker: TIMEPICKER,
  annotations: ANNOTATIONS,
  links: LINKS,
} satisfies Partial<ExowatchDashboard>;

interface DashboardHeader {
  uid: string;
  title: string;
  description: string;
  /** Tags after `exowatch`, which every exowatch dashboard has. */
  tags: string[];
  refresh: string;
  /** The default time range's start; it always ends now. */
  from: string;
  /** The dashboard's own variables; the ad hoc filters come after them on every dashboard. */
  variables: Variable[];
}

/** An exowatch dashboard: its header, the common chrome, its variables then the ad hoc filters, its panels. */
export function exowatchDashboard(
  { uid, title, description, tags, refresh, from, variables }: DashboardHeader,
  panels: ExowatchDashboard['panels'],
): ExowatchDashboard {
  return {
    uid,
    title,
    description,
    tags: ['exowatch', ...tags],
    ...DASHBOARD_CHROME,
    refresh,
    time: { from, to: 'now' },
    templating: { list: [...variables, AD_HOC_FILTERS] },
    panels,
  };
}

/** A dashboard comparing teams: tagged `teams` (after `exowatch`) and opening on the last 7 days. */
export function teamDashboard(
  header: Omit<DashboardHeader, 'from'>,
  panels: ExowatchDashboard['panels'],
): ExowatchDashboard {
  return exowatchDashboard({ ...header, tags: ['teams', ...header.tags], from: 'now-7d' }, panels);
}
