import { packedSql, unpackRows } from './packedRows';

describe('rows packed per group', () => {
  it('aggregates each column into a JSON array per group, or over all rows without keys', () => {
    expect(packedSql('SELECT 1', ['g0'], ['b', 'calls'])).toBe(
      'SELECT g0, array_to_json(array_agg(b)) AS b, array_to_json(array_agg(calls)) AS calls FROM (SELECT 1) packed GROUP BY g0',
    );
    expect(packedSql('SELECT 1', [], ['b'])).toBe(
      'SELECT array_to_json(array_agg(b)) AS b FROM (SELECT 1) packed',
    );
  });

  it('unpacks one row per element, with its group keys, and none for a group without rows', () => {
    const groups = [
      { g0: 'Sales', b: [1, 2], calls: [5, null] },
      { g0: null, b: [3], calls: [7] },
      { b: null, calls: null },
    ];
    expect(unpackRows(groups, ['g0'], ['b', 'calls'])).toEqual([
      { g0: 'Sales', b: 1, calls: 5 },
      { g0: 'Sales', b: 2, calls: null },
      { g0: null, b: 3, calls: 7 },
    ]);
  });
});
