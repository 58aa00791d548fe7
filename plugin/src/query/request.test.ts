import type { ExoQuery } from '../types';
import type { Replace } from './interpolate';
import { buildQueryBody, type RequestContext } from './request';

const vars: Record<string, string | string[]> = {
  team: ['sales', 'support'],
  key: 'team',
  dims: ['team', 'region'],
  allStar: '*',
  metric: 'pickup_rate',
};
const replace: Replace = (text, format) =>
  text.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => (name in vars ? format(vars[name]) : whole));

const HOUR = 3_600_000;
const ctx: RequestContext = { from: 0, to: 6 * HOUR, intervalMs: 60_000, replace };
const q = (over: Partial<ExoQuery>): ExoQuery => ({ refId: 'A', metric: 'calls', ...over });

describe('buildQueryBody', () => {
  it('builds the smallest request for a default query', () => {
    expect(buildQueryBody(q({}), ctx)).toEqual({ refId: 'A', from: 0, to: 6 * HOUR, interval: '1m', metric: 'calls' });
  });

  it('interpolates the metric, group-by keys and multi-value filters', () => {
    const body = buildQueryBody(
      q({ metric: '$metric', groupBy: ['$dims'], filters: [{ key: '$key', op: 'in', values: ['$team'] }] }),
      ctx
    );
    expect(body.metric).toBe('pickup_rate');
    expect(body.groupBy).toEqual(['team', 'region']);
    expect(body.filters).toEqual([{ key: 'team', op: 'in', values: ['sales', 'support'] }]);
  });

  it('drops filters that mean everything or nothing', () => {
    const body = buildQueryBody(
      q({
        filters: [
          { key: 'team', op: 'in', values: ['$allStar'] },
          { key: 'region', op: 'in', values: [] },
        ],
      }),
      ctx
    );
    expect(body.filters).toBeUndefined();
  });

  it('turns direction, status and flow choices into filters', () => {
    const body = buildQueryBody(q({ direction: ['inbound'], status: ['busy', 'failed'], flow: ['123'] }), ctx);
    expect(body.filters).toEqual([
      { key: 'direction', op: 'in', values: ['inbound'] },
      { key: 'status', op: 'in', values: ['busy', 'failed'] },
      { key: 'flow', op: 'in', values: ['123'] },
    ]);
  });

  it('adds the dashboard’s ad hoc filters after the query’s own', () => {
    const adhocFilters = [
      { key: 'region', op: 'in' as const, values: ['KA'] },
      { key: 'team', op: 'not_in' as const, values: ['sales', 'ops'] },
    ];
    const body = buildQueryBody(q({ direction: ['inbound'] }), { ...ctx, adhocFilters });
    expect(body.filters).toEqual([{ key: 'direction', op: 'in', values: ['inbound'] }, ...adhocFilters]);
  });

  it('refuses more than three group-by keys and an empty metric', () => {
    expect(() => buildQueryBody(q({ groupBy: ['$dims', 'agent', 'flow'] }), ctx)).toThrow('group by at most 3 keys');
    expect(() => buildQueryBody(q({ metric: '' }), ctx)).toThrow('choose a metric');
  });

  it('uses the chosen interval', () => {
    expect(buildQueryBody(q({ interval: '1h' }), ctx).interval).toBe('1h');
    expect(buildQueryBody(q({ interval: 'all' }), ctx).interval).toBe('all');
  });
});
