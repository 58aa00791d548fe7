/**
 * A stand-in for the Grafana pages that host the plugin, for the browser test. It loads dist/module.js
 * the way Grafana does (SystemJS with its AMD extra, shared modules from an import map), gives
 * @grafana/runtime a backendSrv that calls the harness server's data proxy (which adds the tokens like
 * Grafana's proxy does), and renders the data source settings page, a panel query editor, or a
 * provisioned dashboard's preview (preview/DashboardPreview.tsx).
 */
import 'systemjs/dist/system.js';
import 'systemjs/dist/extras/amd.js';

import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import {
  dateTime,
  type DataFrame,
  type DataSourceApi,
  type DataSourcePlugin,
  type DataSourceSettings,
  type DataQueryRequest,
} from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import { setBackendSrv, setTemplateSrv, type BackendSrv, type BackendSrvRequest } from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import { Button, GlobalStyles, Stack, Text } from '@grafana/ui';
import * as React from 'react';
import { useState } from 'react';
import * as ReactDOM from 'react-dom';
import { createRoot } from 'react-dom/client';
import * as rxjs from 'rxjs';
import { from, lastValueFrom } from 'rxjs';

import { dashboardRange, DashboardPreview, type Dashboard } from './preview/DashboardPreview';
import {
  previewTemplateSrv,
  resolveVariables,
  type DashboardVariable,
  type ResolvedVariable,
} from './preview/variables';

declare const System: {
  set(id: string, module: object): void;
  addImportMap(map: { imports: Record<string, string> }): void;
  import(id: string): Promise<Record<string, unknown>>;
};

const UID = 'exowatch';
const PROXY = `/api/datasources/proxy/uid/${UID}`;

// Shared modules, as Grafana exposes them to plugins.
const shared: Record<string, object> = {
  react: React,
  'react-dom': ReactDOM,
  '@grafana/data': grafanaData,
  '@grafana/ui': grafanaUi,
  '@grafana/runtime': grafanaRuntime,
  '@emotion/css': emotionCss,
  rxjs,
};
System.addImportMap({ imports: Object.fromEntries(Object.keys(shared).map((name) => [name, `package:${name}`])) });
for (const [name, mod] of Object.entries(shared)) {
  System.set(`package:${name}`, { ...mod, default: mod, __useDefault: true });
}

/**
 * Grafana's backendSrv.fetch, reduced to what a data source uses: errors as {status, data}. Bodies as
 * Grafana sends them (public/app/core/utils/fetch.ts parseBody/parseHeaders): a string as it is, an
 * object as JSON; Content-Type application/json unless the request names one.
 */
const backendSrv = {
  fetch: <T,>(req: BackendSrvRequest) =>
    from(
      (async () => {
        const response = await fetch(req.url, {
          method: req.method ?? 'GET',
          headers: req.data !== undefined ? { 'Content-Type': 'application/json', ...req.headers } : {},
          body: req.data === undefined || typeof req.data === 'string' ? req.data : JSON.stringify(req.data),
        });
        const text = await response.text();
        let data: unknown = text;
        try {
          data = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        if (!response.ok) {
          throw { status: response.status, statusText: response.statusText, data };
        }
        return { data: data as T, status: response.status, statusText: response.statusText, ok: true } as never;
      })()
    ),
} as unknown as BackendSrv;
setBackendSrv(backendSrv);

// The dashboard preview sets the variables once it has resolved them; the other pages have none.
let variables: ResolvedVariable[] = [];
const templateSrv = previewTemplateSrv(() => variables);
setTemplateSrv(templateSrv);

interface Harness {
  ready: boolean;
  /** The theme's colour for a name a panel's thresholds use ("red", "#e0f3f8"). */
  colorByName?: (name: string) => string;
  query?: Record<string, unknown>;
  frames?: DataFrame[];
  error?: string;
}
const harness: Harness = { ready: false };
(window as unknown as { harness: Harness }).harness = harness;

function SettingsPage({
  plugin,
  ds,
  initial,
}: {
  plugin: DataSourcePlugin;
  ds: DataSourceApi;
  initial: DataSourceSettings;
}) {
  const [options, setOptions] = useState(initial);
  const [test, setTest] = useState<{ status: string; message: string; run: number }>();
  const [runs, setRuns] = useState(0);
  const Editor = plugin.components.ConfigEditor!;
  return (
    <section id="settings">
      <Stack direction="column" gap={2}>
        <Text element="h2">Data source: exowatch (Exotel)</Text>
        <Editor options={options} onOptionsChange={setOptions} />
        <Stack gap={2} alignItems="center">
          <Button
            onClick={async () => {
              const run = runs + 1;
              setRuns(run);
              setTest({ ...(await ds.testDatasource()), run });
            }}
          >
            Save &amp; test
          </Button>
          {test && (
            <span id="test-result" data-status={test.status} data-run={test.run}>
              {test.message}
            </span>
          )}
        </Stack>
      </Stack>
    </section>
  );
}

function PanelPage({ plugin, ds }: { plugin: DataSourcePlugin; ds: DataSourceApi }) {
  const [query, setQuery] = useState<Record<string, unknown>>({
    refId: 'A',
    ...ds.getDefaultQuery?.(grafanaData.CoreApp.Dashboard),
  });
  const [frames, setFrames] = useState<DataFrame[]>([]);
  const Editor = plugin.components.QueryEditor!;
  const run = async (q = query) => {
    const to = Date.now();
    const request = {
      requestId: 'harness',
      interval: '1h',
      intervalMs: 3_600_000,
      range: { from: dateTime(to - 24 * 3_600_000), to: dateTime(to), raw: { from: 'now-24h', to: 'now' } },
      scopedVars: {},
      targets: [q],
      timezone: 'browser',
      app: 'dashboard',
      startTime: to,
    } as unknown as DataQueryRequest;
    const response = await lastValueFrom(
      from(Promise.resolve(ds.query(request) as Promise<{ data: DataFrame[]; error?: { message?: string } }>))
    );
    harness.query = q;
    harness.frames = response.data;
    harness.error = response.error?.message;
    setFrames(response.data);
  };
  return (
    <section id="panel">
      <Stack direction="column" gap={2}>
        <Text element="h2">Panel query</Text>
        <Editor
          datasource={ds}
          query={query as never}
          onChange={(q) => setQuery(q as never)}
          onRunQuery={() => undefined}
        />
        <div>
          <Button id="run-query" onClick={() => run()}>
            Run query
          </Button>
        </div>
        {harness.error && <Text color="error">{harness.error}</Text>}
        <table id="frames">
          <tbody>
            {frames.flatMap((f) =>
              f.fields.slice(1).map((field, i) => (
                <tr key={`${f.refId}-${i}`}>
                  <td>{grafanaData.getFieldDisplayName(field, f)}</td>
                  <td>{field.config.unit}</td>
                  <td>
                    {field.values
                      .slice(-8)
                      .map((v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : String(v)))
                      .join('  ')}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </Stack>
    </section>
  );
}

/** Loads a provisioned dashboard, resolves its variables through the plugin's variable support, renders it. */
async function dashboardPage(ds: DataSourceApi, name: string, now: number) {
  const response = await fetch(`/harness/dashboards/${encodeURIComponent(name)}.json`);
  if (!response.ok) {
    throw new Error(`dashboard ${name}: ${response.status} ${await response.text()}`);
  }
  const dashboard = (await response.json()) as Dashboard;
  if (!Number.isFinite(now) || now <= 0) {
    throw new Error('the dashboard page needs now=<epoch ms>');
  }
  const range = dashboardRange(dashboard.time, now);
  variables = await resolveVariables((dashboard.templating?.list ?? []) as DashboardVariable[], async (variable) => {
    const request = { targets: [variable.query], range, scopedVars: {} } as unknown as DataQueryRequest;
    const support = ds.variables as grafanaData.CustomVariableSupport<DataSourceApi>;
    return (await lastValueFrom(support.query(request))).data as grafanaData.MetricFindValue[];
  });
  const replace = (text: string) => templateSrv.replace(text);
  return (
    <DashboardPreview
      dashboard={dashboard}
      ds={ds}
      variables={variables}
      range={range}
      width={window.innerWidth - 32}
      replace={replace}
      onReady={() => {
        harness.ready = true;
      }}
    />
  );
}

async function main() {
  const config = (await (await fetch('/harness/config.json')).json()) as { collectorUrl: string };
  const page = new URLSearchParams(location.search).get('page') ?? 'settings';
  const { plugin } = (await System.import('/public/plugins/exowatch-exotel-datasource/module.js')) as {
    plugin: DataSourcePlugin;
  };
  const settings = {
    id: 1,
    uid: UID,
    type: 'exowatch-exotel-datasource',
    name: 'exowatch',
    url: PROXY,
    access: 'proxy',
    jsonData: { collectorUrl: config.collectorUrl },
    readOnly: false,
    meta: {},
  };
  const ds = new plugin.DataSourceClass(settings as never) as DataSourceApi;
  const saved = {
    ...settings,
    orgId: 1,
    typeName: 'exowatch',
    typeLogoUrl: '',
    url: '',
    isDefault: true,
    secureJsonFields: { viewerToken: true, adminToken: true },
    secureJsonData: {},
    version: 2,
  } as unknown as DataSourceSettings;
  const theme = grafanaData.createTheme();
  harness.colorByName = (name) => theme.visualization.getColorByName(name);
  const root = createRoot(document.getElementById('root')!);
  const show = (content: React.ReactNode, padding = 24) =>
    root.render(
      <grafanaUi.ThemeContext.Provider value={theme}>
        <GlobalStyles />
        <div style={{ padding, maxWidth: page === 'dashboard' ? undefined : 1200 }}>{content}</div>
      </grafanaUi.ThemeContext.Provider>
    );
  if (page === 'dashboard') {
    // Ready once every panel has its data (set by the preview).
    // `now`: where the dashboard's relative time range ends (epoch ms; the test's instant.mjs).
    const params = new URLSearchParams(location.search);
    show(await dashboardPage(ds, params.get('name') ?? '', Number(params.get('now'))), 16);
    return;
  }
  show(
    page === 'settings' ? (
      <SettingsPage plugin={plugin} ds={ds} initial={saved} />
    ) : (
      <PanelPage plugin={plugin} ds={ds} />
    )
  );
  harness.ready = true;
}

main().catch((e) => {
  document.body.textContent = `harness failed: ${e instanceof Error ? e.stack : String(e)}`;
});
