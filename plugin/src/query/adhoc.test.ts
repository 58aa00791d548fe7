import type { AdHocVariableFilter } from '@grafana/data';

import { MAX_FILTER_VALUES, resolveAdhocFilters } from './adhoc';

// The operators Grafana's ad hoc filters offer with "multiValueFilterOperators": true in plugin.json:
// grafana/scenes packages/scenes/src/variables/adhoc/AdHocFiltersVariable.ts, OPERATORS.
const known: Record<string, string[]> = {
  team: ['sales', 'support', 'ops-sales', 'collections'],
  direction: ['inbound', 'outbound'],
};
const asked: string[] = [];
const valuesOf = async (key: string) => {
  asked.push(key);
  return known[key] ?? [];
};
const resolve = (...filters: AdHocVariableFilter[]) => resolveAdhocFilters(filters, valuesOf);

beforeEach(() => {
  asked.length = 0;
});

describe('resolveAdhocFilters', () => {
  it('= and one of keep the chosen values, != and not one of drop them', async () => {
    const resolved = await resolve(
      { key: 'region', operator: '=', value: 'KA' },
      { key: 'team', operator: '=|', value: 'sales', values: ['sales', 'support'] },
      { key: 'exophone', operator: '!=', value: '+918045678900' },
      { key: 'agent', operator: '!=|', value: 'a', values: ['a', 'b'] }
    );
    expect(resolved).toEqual({
      filters: [
        { key: 'region', op: 'in', values: ['KA'] },
        { key: 'team', op: 'in', values: ['sales', 'support'] },
        { key: 'exophone', op: 'not_in', values: ['+918045678900'] },
        { key: 'agent', op: 'not_in', values: ['a', 'b'] },
      ],
      notices: [],
      matchesNothing: false,
    });
    expect(asked).toEqual([]);
  });

  it('=~ keeps the values the whole expression matches, !~ drops them', async () => {
    const resolved = await resolve(
      { key: 'team', operator: '=~', value: 's.*' },
      { key: 'direction', operator: '!~', value: 'out.*' }
    );
    expect(resolved.filters).toEqual([
      { key: 'team', op: 'in', values: ['sales', 'support'] },
      { key: 'direction', op: 'not_in', values: ['outbound'] },
    ]);
    expect(resolved.notices).toEqual([]);
    expect(asked).toEqual(['team', 'direction']);
  });

  it('=~ matching nothing leaves nothing to show; !~ matching nothing filters nothing', async () => {
    expect(await resolve({ key: 'team', operator: '=~', value: 'hr' })).toEqual({
      filters: [],
      notices: ['ad hoc filter team =~ hr matches no team value: nothing to show'],
      matchesNothing: true,
    });
    expect(await resolve({ key: 'team', operator: '!~', value: 'hr' })).toEqual({
      filters: [],
      notices: [],
      matchesNothing: false,
    });
  });

  it('an invalid expression and the comparisons are not applied, each with its own notice', async () => {
    const resolved = await resolve(
      { key: 'team', operator: '=~', value: '(' },
      { key: 'team', operator: '<', value: '5' },
      { key: 'region', operator: '=', value: 'KA' },
      { key: 'team', operator: '>=', value: 'm' }
    );
    expect(resolved.filters).toEqual([{ key: 'region', op: 'in', values: ['KA'] }]);
    expect(resolved.notices).toHaveLength(3);
    expect(resolved.notices[0]).toMatch(/^ad hoc filter team =~ \( not applied: Invalid regular expression/);
    expect(resolved.notices[1]).toBe(
      "ad hoc filter team < 5 not applied: exowatch's tags and call attributes are text, so < has no meaning; use =, !=, one of, not one of, =~ or !~"
    );
    expect(resolved.notices[2]).toMatch(/^ad hoc filter team >= m not applied: .* so >= has no meaning/);
    expect(resolved.matchesNothing).toBe(false);
  });

  it('an expression matching more values than one filter takes is not applied', async () => {
    const many = Array.from({ length: MAX_FILTER_VALUES + 1 }, (_, i) => `agent${i}`);
    const resolved = await resolveAdhocFilters([{ key: 'agent', operator: '=~', value: 'agent.*' }], async () => many);
    expect(resolved.filters).toEqual([]);
    expect(resolved.notices).toEqual([
      `ad hoc filter agent =~ agent.* not applied: it matches ${MAX_FILTER_VALUES + 1} values, more than the ${MAX_FILTER_VALUES} one filter can take; narrow the expression`,
    ]);
  });
});
