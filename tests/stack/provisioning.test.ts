/**
 * Static checks of everything Grafana, Prometheus and docker compose load: the files parse and carry the
 * fields their loaders require, and they agree with each other (uids, variables, env vars, mounts).
 * docker-compose.yml and the Dockerfiles are checked in compose.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  allPanels,
  loadDashboards,
  panelTargets,
  provisionedDataSources,
  provisioningFiles,
} from './support/dashboards';
import { GRAFANA_PROVISIONING, ROOT } from './support/paths';
import { referencedVariables } from './support/templateSrv';
import { ALL_VALUE } from '../../provisioning/grafana/src/dashboards/builders';
import { CALL_PERIODS } from '../../plugin/src/constants';
import { CALLBACKS_QUERY_TYPE } from '../../plugin/src/types';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const pluginJson = JSON.parse(read('plugin/src/plugin.json')) as {
  id: string;
  routes: { url: string; headers?: { content: string }[] }[];
};
const PLUGIN_ID = pluginJson.id;
const dataSources = provisionedDataSources();
const dsUids = new Set(dataSources.map((d) => d.uid));
const dashboardFiles = loadDashboards();
const compose = parseYaml(read('docker-compose.yml')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string | number>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
}

describe('Grafana data sources', () => {
  it('parse, with apiVersion 1 and a unique uid, name and type each', () => {
    for (const { doc } of provisioningFiles('datasources')) expect(doc.apiVersion).toBe(1);
    expect(dataSources.length).toBe(3);
    for (const ds of dataSources) {
      expect(ds).toEqual(
        expect.objectContaining({
          name: expect.any(String),
          uid: expect.stringMatching(/^[a-z0-9-]{1,40}$/),
          type: expect.any(String),
        }),
      );
    }
    expect(dsUids.size).toBe(dataSources.length);
    expect(new Set(dataSources.map((d) => d.name)).size).toBe(dataSources.length);
  });

  it('configure the exowatch plugin with the jsonData/secureJsonData names the plugin reads', () => {
    const ds = dataSources.find((d) => d.uid === 'exowatch')!;
    expect(ds.type).toBe(PLUGIN_ID);
    const jsonData = ds.jsonData as Record<string, string>;
    const secure = ds.secureJsonData as Record<string, string>;
    const types = read('plugin/src/types.ts');
    const routes = JSON.stringify(pluginJson.routes);
    for (const key of Object.keys(jsonData)) {
      expect(types).toMatch(new RegExp(`\\b${key}\\?:`));
      expect(routes).toContain(`.JsonData.${key}`);
    }
    for (const key of Object.keys(secure)) {
      expect(types).toMatch(new RegExp(`\\b${key}\\?:`));
      expect(routes).toContain(`.SecureJsonData.${key}`);
    }
    // Every value the plugin's routes template needs is provisioned.
    for (const [, kind, key] of routes.matchAll(/\{\{ \.(JsonData|SecureJsonData)\.(\w+) \}\}/g)) {
      expect(Object.keys(kind === 'JsonData' ? jsonData : secure)).toContain(key);
    }
  });

  it('keep every secret in the environment, never in the file', () => {
    for (const ds of dataSources) {
      for (const [key, value] of Object.entries((ds.secureJsonData ?? {}) as Record<string, string>)) {
        expect({ ds: ds.uid, key, value }).toEqual({
          ds: ds.uid,
          key,
          value: expect.stringMatching(/^\$\{[A-Z][A-Z0-9_]*\}$/),
        });
      }
    }
  });

  it('include Prometheus (uid prometheus) and the read-only PostgreSQL source as exowatch_reader', () => {
    expect(dataSources.find((d) => d.uid === 'prometheus')?.type).toBe('prometheus');
    const pg = dataSources.find((d) => d.type === 'grafana-postgresql-datasource')!;
    expect(pg.user).toBe('exowatch_reader');
    expect(read(`collector/src/store/migrations/${readonlyMigration()}`)).toMatch(
      /CREATE ROLE exowatch_reader NOLOGIN/,
    );
  });
});

function readonlyMigration(): string {
  const files = readdirSync(join(ROOT, 'collector/src/store/migrations')).filter((f) =>
    /_readonly_role\.sql$/.test(f),
  );
  expect(files).toHaveLength(1);
  return files[0]!;
}

describe('the read-only role migration', () => {
  it('has a migration number of its own', () => {
    const numbers = readdirSync(join(ROOT, 'collector/src/store/migrations'))
      .filter((f) => /^\d{3}_/.test(f))
      .map((f) => f.slice(0, 3));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(readonlyMigration()).toMatch(/^\d{3}_readonly_role\.sql$/);
  });

  it('grants SELECT only, including on tables of later migrations', () => {
    const sql = read(`collector/src/store/migrations/${readonlyMigration()}`).replace(/--.*$/gm, '');
    expect(sql).toMatch(/GRANT SELECT ON ALL TABLES IN SCHEMA public TO exowatch_reader/);
    expect(sql).toMatch(
      /ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO exowatch_reader/,
    );
    expect(sql).not.toMatch(/GRANT\s+(ALL|INSERT|UPDATE|DELETE|TRUNCATE)/i);
  });
});

describe('Grafana dashboards provider and alerting', () => {
  it('provider: apiVersion 1, a file provider reading the folder docker compose mounts dashboards/ into', () => {
    const [{ doc }] = provisioningFiles('dashboards') as [{ file: string; doc: any }]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(doc.apiVersion).toBe(1);
    const provider = doc.providers[0];
    expect(provider).toEqual(
      expect.objectContaining({
        name: expect.any(String),
        type: 'file',
        options: expect.objectContaining({ path: expect.any(String) }),
      }),
    );
    expect(compose.services.grafana!.volumes).toContain(`./dashboards:${provider.options.path}:ro`);
  });

  it('contact point placeholder and a policy that routes to it', () => {
    const docs = provisioningFiles<{
      contactPoints?: { name: string; receivers: unknown[] }[];
      policies?: { receiver: string; routes?: { receiver: string }[] }[];
    }>('alerting').map((f) => f.doc);
    const contactPoints = docs.flatMap((d) => d.contactPoints ?? []);
    expect(contactPoints.length).toBeGreaterThan(0);
    const names = contactPoints.map((c) => c.name);
    for (const cp of contactPoints) {
      for (const r of cp.receivers)
        expect(r).toEqual(
          expect.objectContaining({
            uid: expect.any(String),
            type: expect.any(String),
            settings: expect.any(Object),
          }),
        );
    }
    const policies = docs.flatMap((d) => d.policies ?? []);
    for (const p of policies) {
      expect(names).toContain(p.receiver);
      for (const route of p.routes ?? []) expect(names).toContain(route.receiver);
    }
  });

  it('every ${VAR} of the Grafana provisioning is set in the grafana service of docker compose', () => {
    const env = compose.services.grafana!.environment!;
    const files = ['datasources', 'alerting', 'dashboards'].flatMap((dir) =>
      readdirSync(join(GRAFANA_PROVISIONING, dir)).map((f) =>
        readFileSync(join(GRAFANA_PROVISIONING, dir, f), 'utf8').replace(/^\s*#.*$/gm, ''),
      ),
    );
    const refs = new Set(files.flatMap((t) => [...t.matchAll(/\$\{([A-Z][A-Z0-9_]*)\}/g)].map((m) => m[1]!)));
    expect(refs.size).toBeGreaterThan(3);
    for (const ref of refs) expect(Object.keys(env)).toContain(ref);
  });
});

describe('dashboards', () => {
  it('parse and have unique, stable uids and titles, and no numeric ids', () => {
    expect(dashboardFiles.map((f) => f.file)).toEqual(
      expect.arrayContaining([
        'noc-overview.json',
        'team-performance.json',
        'exophone-health.json',
        'business-teams.json',
        'incoming-trends.json',
      ]),
    );
    const uids = dashboardFiles.map((f) => f.dashboard.uid);
    expect(new Set(uids).size).toBe(uids.length);
    expect(new Set(dashboardFiles.map((f) => f.dashboard.title)).size).toBe(uids.length);
    for (const { dashboard } of dashboardFiles) {
      expect(dashboard.uid).toMatch(/^exowatch-[a-z0-9-]+$/);
      expect(dashboard.id ?? null).toBeNull();
      expect(dashboard.refresh).toMatch(/^\d+[smh]$/);
      expect(dashboard.tags).toContain('exowatch');
    }
  });

  it('lay panels out on the 24-column grid without overlaps, each with a title, description and unique id', () => {
    for (const { dashboard } of dashboardFiles) {
      const panels = allPanels(dashboard);
      expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
      const cells = new Set<string>();
      for (const p of panels) {
        expect({ uid: dashboard.uid, title: p.title, ok: !!p.title && !!p.description }).toEqual({
          uid: dashboard.uid,
          title: p.title,
          ok: true,
        });
        const { x, y, w, h } = p.gridPos;
        expect(x + w).toBeLessThanOrEqual(24);
        for (let i = x; i < x + w; i++)
          for (let j = y; j < y + h; j++) {
            const cell = `${i},${j}`;
            expect({ uid: dashboard.uid, panel: p.title, cell, overlaps: cells.has(cell) }).toEqual({
              uid: dashboard.uid,
              panel: p.title,
              cell,
              overlaps: false,
            });
            cells.add(cell);
          }
      }
    }
  });

  it('refer only to provisioned data sources, with the matching type', () => {
    const types = new Map(dataSources.map((d) => [d.uid, d.type]));
    for (const { dashboard } of dashboardFiles) {
      const refs = [
        ...allPanels(dashboard).map((p) => p.datasource),
        ...panelTargets(dashboard).map((t) => t.target.datasource),
        ...dashboard.templating.list.map((v) => v.datasource),
        ...(dashboard.annotations?.list ?? []).filter((a) => !a.builtIn).map((a) => a.datasource),
      ].filter((r) => r !== undefined);
      for (const ref of refs) {
        expect({ dashboard: dashboard.uid, uid: ref!.uid, type: types.get(ref!.uid ?? '') }).toEqual({
          dashboard: dashboard.uid,
          uid: ref!.uid,
          type: ref!.type,
        });
      }
    }
  });

  it('refer only to variables they define; All means no filter (allValue .*), as the plugin and PromQL read it', () => {
    for (const { dashboard, text } of dashboardFiles) {
      const defined = new Set(dashboard.templating.list.map((v) => v.name));
      const panelsText = JSON.stringify({ panels: dashboard.panels, annotations: dashboard.annotations });
      for (const name of referencedVariables(panelsText))
        expect({ dashboard: dashboard.uid, variable: name, defined: defined.has(name) }).toEqual({
          dashboard: dashboard.uid,
          variable: name,
          defined: true,
        });
      // Ad hoc filters have no value to interpolate: Grafana hands them to every query on their data
      // source (request.filters), so they are never referenced (grafanaConformance.test.ts checks them).
      for (const v of dashboard.templating.list.filter((x) => x.type !== 'adhoc')) {
        if (v.includeAll)
          expect({ variable: v.name, allValue: v.allValue }).toEqual({
            variable: v.name,
            allValue: ALL_VALUE,
          });
        expect(v.current?.value).toBeDefined();
        // Every variable is used somewhere (otherwise it is a dead control on the wall screen).
        expect({
          dashboard: dashboard.uid,
          variable: v.name,
          used: referencedVariables(panelsText).includes(v.name),
        }).toEqual({ dashboard: dashboard.uid, variable: v.name, used: true });
      }
      // Exported-for-sharing placeholders (${DS_…}, __inputs) do not resolve in provisioned dashboards.
      expect(text).not.toMatch(/\$\{DS_|"__inputs"/);
    }
  });

  it('give units and thresholds to every numeric panel, and use only metrics the query API documents', () => {
    const kpis = read('docs/kpis.md');
    for (const { dashboard } of dashboardFiles) {
      for (const p of allPanels(dashboard)) {
        const defaults = (p.fieldConfig?.defaults ?? {}) as { unit?: string; thresholds?: unknown };
        if (['stat', 'bargauge', 'gauge', 'timeseries'].includes(p.type))
          expect({ panel: p.title, unit: defaults.unit }).toEqual({
            panel: p.title,
            unit: expect.any(String),
          });
        if (['stat', 'bargauge', 'gauge'].includes(p.type))
          expect({ panel: p.title, thresholds: !!defaults.thresholds }).toEqual({
            panel: p.title,
            thresholds: true,
          });
      }
      for (const t of panelTargets(dashboard).filter((x) => x.datasource.type === PLUGIN_ID)) {
        // The callback worklist is a query type of its own (GET /api/v1/callbacks/open), not a metric.
        if (t.target.queryType === CALLBACKS_QUERY_TYPE) continue;
        expect(t.target.queryType).toBeUndefined();
        expect(kpis).toContain(`| \`${String(t.target.metric)}\``);
      }
    }
  });

  it('cover the five views the issue asks for', () => {
    const byUid = new Map(dashboardFiles.map((f) => [f.dashboard.uid, f.dashboard]));
    const metrics = (uid: string) =>
      panelTargets(byUid.get(uid)!).map((t) => String(t.target.metric ?? t.target.expr ?? t.target.rawSql));
    expect(metrics('exowatch-noc').join(' ')).toMatch(
      /calls.*pickup_rate.*exophone_up.*heartbeat_age.*sync_lag/s,
    );
    expect(metrics('exowatch-teams')).toEqual(
      expect.arrayContaining(['pickup_rate', 'missed', 'avg_talk_time']),
    );
    expect(metrics('exowatch-exophones')).toEqual(
      expect.arrayContaining(['health_state', 'uptime', 'coverage']),
    );
    expect(allPanels(byUid.get('exowatch-exophones')!).map((p) => p.type)).toContain('state-timeline');
    expect(metrics('exowatch-business')).toEqual(
      expect.arrayContaining(['completion_rate', 'service_level', 'repeat_caller_rate']),
    );
    expect(metrics('exowatch-trends')).toEqual(expect.arrayContaining(['incoming_trend', 'offered']));
  });

  it('cover the business-hours, callbacks and expected-traffic views of issue 11', () => {
    const byUid = new Map(dashboardFiles.map((f) => [f.dashboard.uid, f.dashboard]));
    const exoTargets = (uid: string) => panelTargets(byUid.get(uid)!).map((t) => t.target);
    const groupedByPeriod = exoTargets('exowatch-hours')
      .filter((t) => (t.groupBy as string[] | undefined)?.includes('period'))
      .map((t) => t.metric);
    expect(groupedByPeriod).toEqual(expect.arrayContaining(['pickup_rate', 'service_level']));
    const callbacks = exoTargets('exowatch-callbacks');
    expect(callbacks.filter((t) => t.queryType === CALLBACKS_QUERY_TYPE)).toHaveLength(1);
    expect(callbacks.map((t) => t.metric)).toEqual(
      expect.arrayContaining(['callback_rate', 'time_to_callback', 'missed_callbacks_open']),
    );
    for (const uid of ['exowatch-noc', 'exowatch-trends']) {
      const band = allPanels(byUid.get(uid)!).find((p) =>
        p.targets?.some((t) => t.metric === 'incoming_expected'),
      );
      // The band and the observed calls in one panel, so the eye compares them.
      expect({ uid, metrics: band?.targets?.map((t) => t.metric) }).toEqual({
        uid,
        metrics: ['incoming_expected', 'calls'],
      });
    }
  });

  it('count pickup and service level in business hours by default, with All for every hour', () => {
    for (const { dashboard } of dashboardFiles) {
      const period = dashboard.templating.list.find((v) => v.name === 'period');
      for (const { panel, target } of panelTargets(dashboard)) {
        if (!['pickup_rate', 'service_level'].includes(String(target.metric))) continue;
        const filters = (target.filters as { key: string; values: string[] }[] | undefined) ?? [];
        const values = filters.find((f) => f.key === 'period')?.values;
        const split = ((target.groupBy as string[] | undefined) ?? []).includes('period');
        const where = { dashboard: dashboard.uid, panel: panel.title };
        // Either the panel splits by period, or it filters on $period, or on fixed periods.
        expect({ ...where, periodChosen: split || values !== undefined }).toEqual({
          ...where,
          periodChosen: true,
        });
        if (values?.includes('$period'))
          expect({ ...where, current: period?.current?.value, includeAll: period?.includeAll }).toEqual({
            ...where,
            current: ['business_hours'],
            includeAll: true,
          });
        else for (const v of values ?? []) expect(CALL_PERIODS).toContain(v);
      }
    }
  });
});

describe('docs/dashboards.md', () => {
  it('pictures every dashboard and lists every panel', () => {
    const doc = read('docs/dashboards.md');
    for (const { dashboard, file } of dashboardFiles) {
      expect(doc).toContain(`\`${dashboard.uid}\``);
      expect(doc).toContain(`dashboards/${file}`);
      for (const p of allPanels(dashboard)) {
        const title = p.title.replace('${compare_by}', '<tag>');
        expect({
          dashboard: dashboard.uid,
          panel: title,
          listed:
            doc.includes(`| ${p.id}   | ${title}`) ||
            new RegExp(`\\| ${p.id} +\\| ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +\\|`).test(doc),
        }).toEqual({ dashboard: dashboard.uid, panel: title, listed: true });
      }
    }
  });
});
