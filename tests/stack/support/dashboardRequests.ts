import type { QueryRequestBody } from '@exowatch/contract';
import { buildQueryBody } from '../../../plugin/src/query/request';
import { ANNOTATIONS_QUERY_TYPE, CALLBACKS_QUERY_TYPE, type ExoQuery } from '../../../plugin/src/types';
import { loadDashboards, panelRange, panelTargets, type Dashboard, type PanelTarget } from './dashboards';
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
 * What the plugin asks the collector for an exowatch target (datasource.ts query()): a metric query
 * (POST /api/v1/query), the callback worklist (GET /api/v1/callbacks/open) or annotations
 * (GET /api/v1/annotations).
 */
export type TargetKind = 'metric' | 'callbacks' | 'annotations';

export function targetKind(t: PanelTarget): TargetKind {
  if (t.target.queryType === CALLBACKS_QUERY_TYPE) return 'callbacks';
  if (t.target.queryType === ANNOTATIONS_QUERY_TYPE) return 'annotations';
  return 'metric';
}

export interface DashboardRequests {
  /** The dashboard's file in dashboards/. */
  file: string;
  uid: string;
  title: string;
  /** Every metric query of the dashboard's panels, as the plugin sends it when the dashboard opens. */
  bodies: QueryRequestBody[];
  /** How many exowatch targets of each kind the dashboard has (its annotation queries included). */
  kinds: Record<TargetKind, number>;
}

export function dashboardRequests(file: string, dashboard: Dashboard, now: number): DashboardRequests {
  const targets = panelTargets(dashboard).filter((t) => t.datasource.type === EXOWATCH_TYPE);
  const kinds: Record<TargetKind, number> = { metric: 0, callbacks: 0, annotations: 0 };
  for (const t of targets) kinds[targetKind(t)]++;
  kinds.annotations += (dashboard.annotations?.list ?? []).filter(
    (a) => a.datasource?.type === EXOWATCH_TYPE,
  ).length;
  return {
    file,
    uid: dashboard.uid,
    title: dashboard.title,
    bodies: targets.filter((t) => targetKind(t) === 'metric').map((t) => pluginRequest(t, now)),
    kinds,
  };
}

/** Every provisioned dashboard's requests at `now`. */
export function provisionedDashboardRequests(now: number): DashboardRequests[] {
  return loadDashboards().map((f) => dashboardRequests(f.file, f.dashboard, now));
}
