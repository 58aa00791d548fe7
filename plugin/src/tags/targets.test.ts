import type { TagRow } from '@exowatch/contract';
import { buildTargetRows, searchRows } from './targets';

const tag = (target: string, key: string, value: string): TagRow => ({
  target,
  key,
  value,
  validFrom: '2026-01-01T00:00:00.000Z',
  validTo: null,
  source: 'manual',
});

describe('buildTargetRows', () => {
  const rows = buildTargetRows(
    [{ number: '+918045678900', name: 'Support line', region: 'KA' }],
    ['+919876543210'],
    ['42'],
    [tag('+918045678900', 'team', 'support'), tag('flow:42', 'team', 'sales'), tag('+911111111111', 'team', 'ops')]
  );

  it('lists ExoPhones, agents, other tagged numbers and flows with their tags', () => {
    expect(rows.map((r) => [r.target, r.kind, r.name, r.tags.map((t) => t.value)])).toEqual([
      ['+918045678900', 'ExoPhone', 'Support line', ['support']],
      ['+919876543210', 'agent', '', []],
      ['+911111111111', 'number', '', ['ops']],
      ['flow:42', 'flow', '', ['sales']],
    ]);
  });

  it('searches targets, names and key=value', () => {
    expect(searchRows(rows, 'team=sales').map((r) => r.target)).toEqual(['flow:42']);
    expect(searchRows(rows, 'SUPPORT line').map((r) => r.target)).toEqual(['+918045678900']);
    expect(searchRows(rows, ' ')).toHaveLength(4);
  });
});
