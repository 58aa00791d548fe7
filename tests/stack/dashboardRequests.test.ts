/**
 * What a dashboard asks the collector for when it opens (support/dashboardRequests.ts), the requests
 * bench:query and bench:load send: which targets count, their bodies and ranges at a fixed instant.
 */
import type { Dashboard, Panel } from './support/dashboards';
import { dashboardRequests, EXOWATCH_TYPE, provisionedDashboardRequests } from './support/dashboardRequests';

const NOW = Date.UTC(2026, 9, 31, 18, 30);
const HOUR = 3_600_000;
const exowatch = { type: EXOWATCH_TYPE, uid: 'exowatch' };

function panel(id: number, extra: Partial<Panel>): Panel {
  return { id, type: 'timeseries', title: `panel ${id}`, gridPos: { x: 0, y: 0, w: 12, h: 8 }, ...extra };
}

const dashboard: Dashboard = {
  uid: 'test',
  title: 'Test',
  time: { from: 'now-6h', to: 'now' },
  templating: {
    list: [
      {
        type: 'query',
        name: 'team',
        multi: true,
        includeAll: true,
        allValue: '.*',
        current: { value: ['$__all'] },
      },
      { type: 'custom', name: 'period', current: { value: 'business_hours' } },
    ],
  },
  annotations: {
    list: [
      { builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' } },
      { datasource: exowatch, enable: true },
      { datasource: exowatch, enable: false },
    ],
  },
  panels: [
    panel(1, {
      datasource: exowatch,
      targets: [
        {
          refId: 'A',
          metric: 'pickup_rate',
          interval: '15m',
          groupBy: ['team'],
          filters: [
            { key: 'team', op: 'in', values: ['$team'] },
            { key: 'period', op: 'in', values: ['$period'] },
          ],
        },
        { refId: 'B', metric: 'calls', hide: true },
      ],
    }),
    panel(2, { datasource: { type: 'prometheus', uid: 'prom' }, targets: [{ refId: 'A', expr: 'up' }] }),
    panel(3, {
      type: 'row',
      panels: [
        panel(4, {
          datasource: exowatch,
          timeFrom: 'now-1d',
          targets: [{ refId: 'A', metric: 'calls', interval: 'all' }],
        }),
        panel(5, { datasource: exowatch, targets: [{ refId: 'A', queryType: 'callbacks' }] }),
      ],
    }),
  ],
};

describe('dashboardRequests', () => {
  it('asks for every shown exowatch target at the saved variables, then each enabled exowatch annotation', () => {
    const { requests } = dashboardRequests('test.json', dashboard, NOW);
    expect(requests).toEqual([
      {
        kind: 'metric',
        // All is no team filter; the period variable's saved value is kept.
        body: {
          refId: 'A',
          from: NOW - 6 * HOUR,
          to: NOW,
          interval: '15m',
          metric: 'pickup_rate',
          groupBy: ['team'],
          filters: [{ key: 'period', op: 'in', values: ['business_hours'] }],
        },
      },
      // A row's panel, with its own time range.
      {
        kind: 'metric',
        body: { refId: 'A', from: NOW - 24 * HOUR, to: NOW, interval: 'all', metric: 'calls' },
      },
      { kind: 'callbacks' },
      { kind: 'annotations', from: NOW - 6 * HOUR, to: NOW },
    ]);
  });

  it('finds metric queries on every provisioned dashboard, those of the NOC overview over its last 6 hours', () => {
    const all = provisionedDashboardRequests(NOW);
    expect(all.map((d) => d.file)).toContain('noc-overview.json');
    for (const d of all) expect(d.requests.some((r) => r.kind === 'metric')).toBe(true);
    const noc = all.find((d) => d.file === 'noc-overview.json')!;
    for (const r of noc.requests)
      if (r.kind === 'metric') expect(r.body).toMatchObject({ from: NOW - 6 * HOUR, to: NOW });
  });
});
