import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { DataSourceRef, Panel, Target } from '../../../plugin/tests/browser/preview/dashboardModel';
import { DASHBOARDS_DIR, GRAFANA_PROVISIONING } from './paths';

// Panels and their targets are typed once for these tests and the plugin's dashboard preview.
export type { DataSourceRef, Panel, Target };

/** The rest of Grafana's classic dashboard JSON model the tests look at. */
export interface Variable {
  type: string;
  name: string;
  datasource?: DataSourceRef;
  query?: unknown;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
  current?: { text?: unknown; value?: string | string[] };
  options?: { text: string; value: string }[];
}

export interface Dashboard {
  uid: string;
  title: string;
  refresh?: string;
  time: { from: string; to: string };
  templating: { list: Variable[] };
  annotations?: {
    list: {
      datasource?: DataSourceRef;
      target?: Record<string, unknown>;
      builtIn?: number;
      enable?: boolean;
    }[];
  };
  panels: Panel[];
  [key: string]: unknown;
}

export interface DashboardFile {
  file: string;
  text: string;
  dashboard: Dashboard;
}

export function loadDashboards(): DashboardFile[] {
  return readdirSync(DASHBOARDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(DASHBOARDS_DIR, file), 'utf8');
      return { file, text, dashboard: JSON.parse(text) as Dashboard };
    });
}

/** Every panel, rows' nested panels included. */
export function allPanels(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

export interface PanelTarget {
  dashboard: Dashboard;
  panel: Panel;
  target: Target;
  /** The data source the target runs on (its own, else the panel's). */
  datasource: DataSourceRef;
}

export function panelTargets(dashboard: Dashboard): PanelTarget[] {
  return allPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? [])
      .filter((t) => !t.hide)
      .map((target) => ({
        dashboard,
        panel,
        target,
        datasource: target.datasource ?? panel.datasource ?? {},
      })),
  );
}

export interface ProvisionedDataSource {
  name: string;
  uid: string;
  type: string;
  [key: string]: unknown;
}

export function provisionedDataSources(): ProvisionedDataSource[] {
  return provisioningFiles<{ datasources: ProvisionedDataSource[] }>('datasources').flatMap(
    ({ doc }) => doc.datasources,
  );
}

/** `now-6h`, `now-7d`, `now-1y`, `now` → epoch ms (Grafana's relative times, without rounding). */
export function relativeTime(text: string, now = Date.now()): number {
  if (text === 'now') return now;
  const m = /^now-(\d+)([mhdwMy])$/.exec(text);
  if (!m) throw new Error(`unsupported relative time ${text}`);
  const unit = { m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3, M: 30 * 86400e3, y: 365 * 86400e3 }[m[2]!]!;
  return now - Number(m[1]) * unit;
}

/** The time range a panel queries: its own `timeFrom` override, else the dashboard's; then its `timeShift`. */
export function panelRange(
  dashboard: Dashboard,
  panel: Panel,
  now = Date.now(),
): { from: number; to: number } {
  const shift = panel.timeShift ? now - relativeTime(`now-${panel.timeShift}`, now) : 0;
  return {
    from: relativeTime(panel.timeFrom ?? dashboard.time.from, now) - shift,
    to: relativeTime(dashboard.time.to, now) - shift,
  };
}

/** A Grafana-managed alert rule as alert rule file provisioning reads it (AlertRuleV1). */
export interface GrafanaRule {
  uid: string;
  title: string;
  condition: string;
  for: string;
  data: {
    refId: string;
    datasourceUid: string;
    relativeTimeRange?: { from: number; to: number };
    model: Record<string, unknown>;
  }[];
  annotations: Record<string, string>;
  labels: Record<string, string>;
}

/** A rule group as alert rule file provisioning reads it (AlertRuleGroupV1). */
export interface GrafanaRuleGroup {
  orgId: number;
  name: string;
  folder: string;
  interval: string;
  rules: GrafanaRule[];
}

/** Every YAML file of a provisioning folder (datasources, dashboards, alerting), parsed. */
export function provisioningFiles<Doc = { apiVersion?: number } & Record<string, unknown>>(
  dir: string,
): { file: string; doc: Doc }[] {
  return readdirSync(join(GRAFANA_PROVISIONING, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((file) => ({
      file,
      doc: parseYaml(readFileSync(join(GRAFANA_PROVISIONING, dir, file), 'utf8')) as Doc,
    }));
}

export function provisionedRuleGroups(): GrafanaRuleGroup[] {
  return provisioningFiles<{ groups?: GrafanaRuleGroup[] }>('alerting').flatMap(
    ({ doc }) => doc.groups ?? [],
  );
}
