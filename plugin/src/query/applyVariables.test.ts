import type { ExoQuery } from '../types';
import { applyVariables } from './applyVariables';
import type { Replace } from './interpolate';

/** Grafana's templateSrv.replace with a format function, for a few variables. */
function fakeReplace(vars: Record<string, string | string[]>): Replace {
  return (text, format) =>
    text.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => (name in vars ? format(vars[name]) : whole));
}

const replace = fakeReplace({
  metric: 'pickup_rate',
  team: ['sales', 'support'],
  teamKey: 'team',
  dims: ['team', 'region'],
  dir: 'inbound',
  anyFlow: '.*',
  interval: '1h',
});

describe('applyVariables', () => {
  it('replaces every variable of a query, lists taking every value of a multi-value variable', () => {
    const query: ExoQuery = {
      refId: 'A',
      metric: '$metric',
      groupBy: ['$dims', 'exophone'],
      filters: [
        { key: '$teamKey', op: 'in', values: ['$team'] },
        { key: 'region', op: 'not_in', values: ['KA'] },
      ],
      direction: ['$dir'],
      flow: ['$anyFlow'],
      interval: '$interval',
      legendFormat: '{{team}} $team',
    };
    expect(applyVariables(query, replace)).toEqual({
      refId: 'A',
      metric: 'pickup_rate',
      groupBy: ['team', 'region', 'exophone'],
      filters: [
        { key: 'team', op: 'in', values: ['sales', 'support'] },
        { key: 'region', op: 'not_in', values: ['KA'] },
      ],
      direction: ['inbound'],
      flow: [],
      interval: '1h',
      legendFormat: '{{team}} sales, support',
    });
  });

  it('drops a filter whose values mean All or are empty, and leaves absent parts absent', () => {
    const query: ExoQuery = {
      refId: 'B',
      metric: 'calls',
      filters: [
        { key: 'flow', op: 'in', values: ['$anyFlow'] },
        { key: 'team', op: 'in', values: [''] },
      ],
    };
    expect(applyVariables(query, replace)).toEqual({ refId: 'B', metric: 'calls', filters: [] });
  });

  it('keeps what it does not know (the query type, annotation kinds, carried ad hoc filters)', () => {
    const query: ExoQuery = {
      refId: 'C',
      metric: '',
      queryType: 'annotations',
      annotationKinds: ['incident'],
      adhocFilters: [{ key: 'team', operator: '=~', value: 's.*' }],
    };
    expect(applyVariables(query, replace)).toEqual(query);
  });
});
