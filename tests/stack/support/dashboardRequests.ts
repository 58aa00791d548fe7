import type { QueryRequestBody } from '@exowatch/contract';
import { buildQueryBody } from '../../../plugin/src/query/request';
import { ANNOTATIONS_QUERY_TYPE, CALLBACKS_QUERY_TYPE, type ExoQuery } from '../../../plugin/src/types';
import {
  loadDashboards,
  panelRange,
  panelTargets,
  relativeTime,
  type Dashboard,
  type PanelTarget,
} from './dashboards';
import { templateReplacer } from './templateSrv';

/** The plugin's id: the data source type of exowatch targets. */
export const EXOWATCH_TYPE = 'exowatch-exotel-datasource';

/**
 * The body of POST /api/v1/query the plugin sends for a dashboard target at `now`: the panel's time
 * range, every variable at its saved value (as Grafana opens the dashboard), no ad hoc filter, and the
 * plugin's own buildQueryBody.
 */
export function pluginRequest(t: PanelTarget, now: number): QueryRequestBody {
  const { from, to } = panelRange(t.dashboard, t.panel, now);
  const replace = templateReplacer(t.dashboard);
  return buildQueryBody(t.target as unknown as ExoQuery, {
    from,
    to,
    // Grafana's suggested interval: the range over roughly the panel's width in data points.
    intervalMs: Math.max(1000, Math.floor((to - from) / (t.panel.gridPos.w * 40))),
    replace: (text, format) => replace(text, format),
    adhocFilters: [],
  });
}

/**
 * What the plugin asks the collector for when a dashboard opens (datasource.ts query(), api.ts): a
 * metric query per panel target (POST /api/v1/query), the callback worklist per worklist target (GET
 * /api/v1/callbacks/open) and the annotations per exowatch annotation query over the dashboard's range
 * (GET /api/v1/annotations?from=&to=; Grafana skips disabled ones).
 */
export type CollectorRequest =
  | { kind: 'metric'; body: QueryRequestBody }
  | { kind: 'callbacks' }
  | { kind: 'annotations'; from: number; to: number };

export function targetRequest(t: PanelTarget, now: number): CollectorRequest {
  if (t.target.queryType === CALLBACKS_QUERY_TYPE) return { kind: 'callbacks' };
  if (t.target.queryType === ANNOTATIONS_QUERY_TYPE)
    return { kind: 'annotations', ...panelRange(t.dashboard, t.panel, now) };
  return { kind: 'metric', body: pluginRequest(t, now) };
}

export interface DashboardRequests {
  /** The dashboard's file in dashboards/. */
  file: string;
  uid: string;
  title: string;
  /** Everything the dashboard asks the collector for when it opens, panels first. */
  requests: CollectorRequest[];
}

export function dashboardRequests(file: string, dashboard: Dashboard, now: number): DashboardRequests {
  const panels = panelTargets(dashboard)
    .filter((t) => t.datasource.type === EXOWATCH_TYPE)
    .map((t) => targetRequest(t, now));
  const range = { from: relativeTime(dashboard.time.from, now), to: relativeTime(dashboard.time.to, now) };
  const annotations = (dashboard.annotations?.list ?? [])
    .filter((a) => a.datasource?.type === EXOWATCH_TYPE && a.enable !== false)
    .map((): CollectorRequest => ({ kind: 'annotations', ...range }));
  return { file, uid: dashboard.uid, title: dashboard.title, requests: [...panels, ...annotations] };
}

/** Every provisioned dashboard's requests at `now`. */
export function provisionedDashboardRequests(now: number): DashboardRequests[] {
  return loadDashboards().map((f) => dashboardRequests(f.file, f.dashboard, now));
}
