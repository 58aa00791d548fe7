import { fakeRuntime } from './testing/runtime';
import { dateTime, FieldType, type DataQueryRequest } from '@grafana/data';
import { lastValueFrom, of, type Observable } from 'rxjs';

import { DataSource } from './datasource';
import { fakeCollector, type FakeCollector } from './testing/fakeCollector';
import { fakeTemplateSrv, instanceSettings } from './testing/settings';
import type { ExoQuery, ExoVariableQuery } from './types';

let collector: FakeCollector;
jest.mock('@grafana/runtime', () => fakeRuntime({ collector: () => collector }));

const templateSrv = fakeTemplateSrv({ team: ['sales', 'support'], teamKey: 'team' });
const FROM = Date.parse('2026-01-05T00:00:00Z');
const TO = FROM + 6 * 3_600_000;

function request<Q extends ExoQuery | ExoVariableQuery>(
  targets: Q[],
  over: Partial<DataQueryRequest<Q>> = {}
): DataQueryRequest<Q> {
  return {
    requestId: 'r1',
    interval: '1m',
    intervalMs: 60_000,
    range: { from: dateTime(FROM), to: dateTime(TO), raw: { from: 'now-6h', to: 'now' } },
    scopedVars: {},
    targets,
    timezone: 'browser',
    app: 'dashboard',
    startTime: 0,
    ...over,
  } as DataQueryRequest<Q>;
}

beforeEach(() => {
  collector = fakeCollector();
  collector.fetch.mockClear();
});

describe('DataSource.query', () => {
  const ds = () => new DataSource(instanceSettings(), templateSrv);

  it('posts the interpolated query through the viewer route and returns data frames', async () => {
    const answer = {
      frames: [
        {
          name: 'calls',
          refId: 'A',
          fields: [
            { name: 'time', type: 'time', values: [FROM, FROM + 60_000] },
            {
              name: 'calls',
              type: 'number',
              labels: { team: 'sales' },
              config: { unit: 'short', custom: { role: 'value' } },
              values: [3, 4],
            },
          ],
          meta: { custom: { interval: '1m' } },
        },
      ],
    };
    const fetch = collector.fetch.getMockImplementation()!;
    collector.fetch.mockImplementation((req) => (req.url.endsWith('/api/v1/query') ? lastOf(answer) : fetch(req)));
    const result = await ds().query(
      request([
        {
          refId: 'A',
          metric: 'calls',
          groupBy: ['$teamKey'],
          filters: [{ key: 'team', op: 'in', values: ['$team'] }],
          legendFormat: '{{team}}',
        },
      ])
    );
    const post = collector.fetch.mock.calls.find(([r]) => r.url.endsWith('/api/v1/query'))![0];
    expect(post.url).toBe('/api/datasources/proxy/uid/ds1/collector/api/v1/query');
    expect(post.method).toBe('POST');
    expect(post.data).toEqual({
      refId: 'A',
      from: FROM,
      to: TO,
      interval: '1m',
      metric: 'calls',
      groupBy: ['team'],
      filters: [{ key: 'team', op: 'in', values: ['sales', 'support'] }],
    });
    expect(result.data).toHaveLength(1);
    const frame = result.data[0];
    expect(frame.fields[0].type).toBe(FieldType.time);
    expect(frame.fields[1].values).toEqual([3, 4]);
    expect(frame.fields[1].config.displayNameFromDS).toBe('sales');
  });

  it('reports a collector error on its query without failing the others', async () => {
    collector.failures.set('/api/v1/query', { status: 400, data: { error: 'unknown tag key "tem": no tag uses it' } });
    const result = await ds().query(request([{ refId: 'B', metric: 'calls', groupBy: ['tem'] }]));
    expect(result.errors).toEqual([{ refId: 'B', message: 'B: unknown tag key "tem": no tag uses it' }]);
  });

  it('skips hidden queries and runs annotation queries', async () => {
    collector.fetch.mockImplementationOnce(() =>
      lastOf({
        annotations: [{ time: FROM, timeEnd: TO, title: 'Heartbeat silence', text: 'x', tags: ['heartbeat-silence'] }],
      })
    );
    const result = await ds().query(
      request([
        { refId: 'Anno', metric: '', queryType: 'annotations', annotationKinds: [] },
        { refId: 'H', metric: 'calls', hide: true },
      ])
    );
    expect(collector.fetch).toHaveBeenCalledTimes(1);
    expect(collector.fetch.mock.calls[0][0].url).toBe(
      `/api/datasources/proxy/uid/ds1/collector/api/v1/annotations?from=${FROM}&to=${TO}`
    );
    expect(result.data[0].fields.find((f: { name: string }) => f.name === 'title').values).toEqual([
      'Heartbeat silence',
    ]);
  });

  it('answers a callback worklist query with the open callbacks, customers masked, through the viewer route', async () => {
    const result = await ds().query(
      request([
        { refId: 'W', metric: '', queryType: 'callbacks', filters: [{ key: 'team', op: 'in', values: ['$team'] }] },
      ])
    );
    expect(collector.fetch.mock.calls.map(([r]) => r.url)).toEqual([
      '/api/datasources/proxy/uid/ds1/collector/api/v1/callbacks/open',
    ]);
    expect(result.errors).toBeUndefined();
    const frame = result.data[0];
    expect(frame.refId).toBe('W');
    const column = (name: string) => frame.fields.find((f: { name: string }) => f.name === name).values;
    expect(column('Call SID')).toEqual(['missed-1', 'missed-2']);
    expect(column('Customer')).toEqual(['••••5678', '••••1111']);
    expect(column('Team')).toEqual(['support', 'sales']);
  });

  it('applies the dashboard’s ad hoc ExoPhone filter to the worklist and notes the ones it cannot apply', async () => {
    const result = await ds().query(
      request([{ refId: 'W', metric: '', queryType: 'callbacks' }], {
        filters: [
          { key: 'exophone', operator: '!=', value: '+918045678900' },
          { key: 'region', operator: '=', value: 'KA' },
        ],
      })
    );
    expect(result.data[0].fields[0].values).toEqual([]);
    expect(result.data[0].meta.notices).toEqual([
      { severity: 'info', text: 'ad hoc filter on "region" not applied: the worklist has team and ExoPhone only' },
    ]);
  });

  it('refuses a worklist filter on a column it does not have without calling the collector', async () => {
    const result = await ds().query(
      request([
        { refId: 'W', metric: '', queryType: 'callbacks', filters: [{ key: 'region', op: 'in', values: ['KA'] }] },
      ])
    );
    expect(result.errors).toEqual([
      { refId: 'W', message: 'W: the callback worklist filters by team and exophone only, not by "region"' },
    ]);
    expect(collector.fetch).not.toHaveBeenCalled();
  });

  it('offers a default query that shows data at once', () => {
    expect(ds().getDefaultQuery()).toEqual({ metric: 'calls', groupBy: [], filters: [], interval: '' });
  });
});

describe('variables and ad hoc filters', () => {
  const ds = () => new DataSource(instanceSettings(), templateSrv);
  const values = async (query: ExoVariableQuery) => {
    const response = await lastValueFrom(
      (
        ds().variables as unknown as {
          query: (r: DataQueryRequest<ExoVariableQuery>) => Observable<{ data: unknown[] }>;
        }
      ).query(request([query]))
    );
    return response.data;
  };

  it('lists tag keys, a key’s values (key from a variable), ExoPhones, agents and flows', async () => {
    expect(await values({ refId: 'v', kind: 'tagKeys' })).toEqual([
      { text: 'team', value: 'team' },
      { text: 'region', value: 'region' },
    ]);
    expect(await values({ refId: 'v', kind: 'tagValues', key: '$teamKey' })).toEqual([
      { text: 'support', value: 'support' },
    ]);
    expect(await values({ refId: 'v', kind: 'exophones' })).toEqual([
      { text: '+918045678900 (Support line, KA)', value: '+918045678900' },
    ]);
    expect(await values({ refId: 'v', kind: 'agents' })).toEqual([{ text: '+919876543210', value: '+919876543210' }]);
    expect(await values({ refId: 'v', kind: 'flows' })).toEqual([{ text: '42', value: '42' }]);
  });

  it('gives ad hoc keys and values', async () => {
    expect((await ds().getTagKeys()).map((k) => k.text)).toContain('region');
    expect(await ds().getTagValues({ key: 'direction', filters: [] })).toHaveLength(3);
    expect(await ds().getTagValues({ key: 'region', filters: [] })).toEqual([{ text: 'KA', value: 'KA' }]);
  });

  it('passes ad hoc filters to the collector', async () => {
    await ds().query(
      request([{ refId: 'A', metric: 'calls' }], { filters: [{ key: 'region', operator: '=', value: 'KA' }] })
    );
    const post = collector.fetch.mock.calls.find(([r]) => r.url.endsWith('/api/v1/query'))?.[0];
    expect(post?.data).toMatchObject({ filters: [{ key: 'region', op: 'in', values: ['KA'] }] });
  });

  it('answers =~ with the values the expression matches and a comparison with a notice on the panel', async () => {
    const frame = { name: 'calls', refId: 'A', fields: [{ name: 'time', type: 'time', values: [FROM] }] };
    const fetch = collector.fetch.getMockImplementation()!;
    collector.fetch.mockImplementation((req) =>
      req.url.endsWith('/api/v1/query') ? lastOf({ frames: [frame] }) : fetch(req)
    );
    const result = await ds().query(
      request([{ refId: 'A', metric: 'calls' }], {
        filters: [
          { key: 'direction', operator: '=~', value: 'in.*' },
          { key: 'region', operator: '<', value: 'M' },
        ],
      })
    );
    const posts = collector.fetch.mock.calls.filter(([r]) => r.url.endsWith('/api/v1/query'));
    expect(posts).toHaveLength(1);
    expect(posts[0][0].data.filters).toEqual([{ key: 'direction', op: 'in', values: ['inbound'] }]);
    expect(result.errors).toBeUndefined();
    expect(result.data.length).toBeGreaterThan(0);
    for (const frame of result.data) {
      expect(frame.meta.notices).toContainEqual({
        severity: 'warning',
        text: "ad hoc filter region < M not applied: exowatch's tags and call attributes are text, so < has no meaning; use =, !=, one of, not one of, =~ or !~",
      });
    }
  });

  it('shows nothing, without asking, when =~ matches no value of the key', async () => {
    const result = await ds().query(
      request([{ refId: 'A', metric: 'calls' }], { filters: [{ key: 'region', operator: '=~', value: 'TN|KL' }] })
    );
    expect(collector.fetch.mock.calls.filter(([r]) => r.url.endsWith('/api/v1/query'))).toEqual([]);
    expect(result.errors).toBeUndefined();
    expect(result.data).toHaveLength(1);
    expect(result.data[0].fields).toEqual([]);
    expect(result.data[0].meta.notices).toEqual([
      { severity: 'warning', text: 'ad hoc filter region =~ TN|KL matches no region value: nothing to show' },
    ]);
  });
});

describe('interpolateVariablesInQueries (Explore, copy query, dashboard links)', () => {
  const panelQuery: ExoQuery = {
    refId: 'A',
    metric: 'calls',
    groupBy: ['$teamKey'],
    filters: [{ key: 'team', op: 'in', values: ['$team'] }],
    legendFormat: '{{team}}',
  };
  const dashboardFilters = [{ key: 'direction', operator: '=~', value: 'in.*' }];

  /** The body of the POST /api/v1/query a DataSource sends for a request. */
  async function sentBody(ds: DataSource, over: Partial<DataQueryRequest<ExoQuery>>, target: ExoQuery) {
    collector = fakeCollector();
    const fetch = collector.fetch.getMockImplementation()!;
    collector.fetch.mockImplementation((req) =>
      req.url.endsWith('/api/v1/query') ? lastOf({ frames: [] }) : fetch(req)
    );
    await ds.query(request([target], over));
    return collector.fetch.mock.calls.find(([r]) => r.url.endsWith('/api/v1/query'))![0].data;
  }

  it('gives Explore the panel’s query with variables replaced and the dashboard’s ad hoc filters carried', () => {
    const [explored] = new DataSource(instanceSettings(), templateSrv).interpolateVariablesInQueries(
      [panelQuery],
      {},
      dashboardFilters
    );
    expect(explored).toEqual({
      refId: 'A',
      metric: 'calls',
      groupBy: ['team'],
      filters: [{ key: 'team', op: 'in', values: ['sales', 'support'] }],
      legendFormat: '{{team}}',
      adhocFilters: dashboardFilters,
      datasource: { type: 'exowatch-exotel-datasource', uid: 'ds1' },
    });
  });

  it('Explore, which has neither the variables nor the ad hoc filter, asks the collector what the panel asked', async () => {
    const onDashboard = await sentBody(
      new DataSource(instanceSettings(), templateSrv),
      { filters: dashboardFilters },
      panelQuery
    );
    const [explored] = new DataSource(instanceSettings(), templateSrv).interpolateVariablesInQueries(
      [panelQuery],
      {},
      dashboardFilters
    );
    const inExplore = await sentBody(new DataSource(instanceSettings(), fakeTemplateSrv({})), {}, explored);
    expect(inExplore).toEqual(onDashboard);
    expect(inExplore.filters).toEqual([
      { key: 'team', op: 'in', values: ['sales', 'support'] },
      { key: 'direction', op: 'in', values: ['inbound'] },
    ]);
  });
});

describe('testDatasource', () => {
  it('checks health with both tokens and probes the admin write permission without writing', async () => {
    collector.failures.set('/api/v1/tags/targets/flow%3Aexowatch-token-check/probe', {
      status: 400,
      data: { error: 'body must be JSON {"value": "..."}' },
    });
    const result = await new DataSource(instanceSettings(), templateSrv).testDatasource();
    expect(result).toEqual({
      status: 'success',
      message: 'Connected to exowatch collector 0.1.0: database, sync and both tokens OK',
    });
    const urls = collector.fetch.mock.calls.map(([r]) => `${r.method} ${r.url}`);
    expect(urls).toEqual([
      'GET /api/datasources/proxy/uid/ds1/collector/api/v1/health',
      'GET /api/datasources/proxy/uid/ds1/admin/api/v1/health',
      'PUT /api/datasources/proxy/uid/ds1/admin/api/v1/tags/targets/flow%3Aexowatch-token-check/probe',
    ]);
  });

  it('warns, not fails, when the admin token is not set (the proxy turns the collector’s 401 into a 400)', async () => {
    // Only the admin route lacks its token: the viewer route's health answers normally.
    collector.failures.set('admin /api/v1/health', { status: 401, data: { error: 'missing bearer token' } });
    const result = await new DataSource(instanceSettings(), templateSrv).testDatasource();
    expect(result.status).toBe('warning');
    expect(result.message).toBe('Admin token is not set: tag editing is disabled until EXOWATCH_ADMIN_TOKEN is saved');
  });

  it('says the admin token is the wrong one', async () => {
    collector.failures.set('/api/v1/tags/targets/flow%3Aexowatch-token-check/probe', {
      status: 403,
      data: { error: 'token not accepted for this endpoint' },
    });
    const result = await new DataSource(instanceSettings(), templateSrv).testDatasource();
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/rejected the admin token/);
  });
});

function lastOf<T>(data: T) {
  return of({ data, status: 200 }) as never;
}
