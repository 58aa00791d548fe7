import type { AdHocVariableFilter, DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';

/** A tag filter of a query: `key` is a tag key or a built-in dimension (exophone, agent, flow, period). */
export interface TagFilter {
  key: string;
  op: 'in' | 'not_in';
  values: string[];
}

/** The panel query model saved in dashboards. */
export interface ExoQuery extends DataQuery {
  /** A metric name from GET /api/v1/metrics (`calls`, `pickup_rate`, ...). */
  metric: string;
  /** Up to three group-by keys: tag keys or built-ins (exophone, agent, flow, direction, status, period). Variables allowed. */
  groupBy?: string[];
  filters?: TagFilter[];
  /** Call directions (inbound, outbound-dial, outbound-api) or, for health metrics, incoming/outgoing. */
  direction?: string[];
  /** Call statuses; only the `calls` metric accepts them. */
  status?: string[];
  /** Flow ids (Passthru flow_id / App ID). */
  flow?: string[];
  /** `{{team}} {{direction}}`-style series names; `{{metric}}` is the metric name. */
  legendFormat?: string;
  /** A collector interval (`5m`, `1h`, `1d`, `all`...) or empty for automatic. */
  interval?: string;
  /** Also return each ratio's numerator and denominator fields (for sums over a range). */
  includeCounts?: boolean;
  /**
   * A dashboard's ad hoc filters carried into the query where no ad hoc variable follows it (Explore,
   * a copied query): applied like the dashboard's own (query/adhoc.ts).
   */
  adhocFilters?: AdHocVariableFilter[];
  /** Set on annotation queries: which collector annotations to show (all when empty). */
  annotationKinds?: AnnotationKind[];
}

/** queryType of annotation queries (metric queries leave queryType unset). */
export const ANNOTATIONS_QUERY_TYPE = 'annotations';

/**
 * queryType of the callback worklist: the missed calls still waiting for a callback (GET
 * /api/v1/callbacks/open) as one table; `metric` is unused and `filters` may restrict `team` and `exophone`.
 */
export const CALLBACKS_QUERY_TYPE = 'callbacks';

/** Column names of the callback worklist table (dashboards style its columns by these names). */
export const WORKLIST_COLUMNS = {
  missedAt: 'Missed at',
  team: 'Team',
  exophone: 'ExoPhone',
  waited: 'Waited',
  customer: 'Customer',
  windowEnds: 'Window ends',
  callSid: 'Call SID',
} as const;

export const DEFAULT_QUERY: Partial<ExoQuery> = {
  metric: 'calls',
  groupBy: [],
  filters: [],
  interval: '',
};

/** Template variable query (CustomVariableSupport). */
export type VariableKind = 'tagKeys' | 'tagValues' | 'exophones' | 'agents' | 'flows';

export interface ExoVariableQuery extends DataQuery {
  kind: VariableKind;
  /** The tag key whose values `tagValues` lists. */
  key?: string;
}

/** Kinds of collector annotations (their first tag). */
export type AnnotationKind = 'incident' | 'heartbeat-silence' | 'sync-gap';

/** Options stored in the data source's jsonData (readable by viewers: no secrets here). */
export interface ExoOptions extends DataSourceJsonData {
  /** Base URL of the collector as seen from the Grafana server, e.g. http://collector:8090 */
  collectorUrl?: string;
}

/** Secrets: Grafana encrypts them and only the data proxy routes in plugin.json read them. */
export interface ExoSecureOptions {
  viewerToken?: string;
  adminToken?: string;
}
