import type { TagRow } from '../collectorTypes';
import { previewImport } from './preview';

const current: TagRow[] = [
  {
    target: '+919876543210',
    key: 'team',
    value: 'sales',
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: null,
    source: 'manual',
  },
  {
    target: 'flow:42',
    key: 'team',
    value: 'support',
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: null,
    source: 'manual',
  },
];

describe('previewImport', () => {
  it('classifies rows as add, change and unchanged against the tags in force', () => {
    const csv = [
      'target,key,value,valid_from',
      '09876543210,team,support,2026-02-01T09:00:00+05:30',
      'flow:42,team,support,',
      '+918045678900,region,KA,',
    ].join('\n');
    expect(previewImport(csv, current)).toEqual({
      errors: [],
      changes: [
        {
          row: 2,
          target: '+919876543210',
          key: 'team',
          value: 'support',
          validFrom: '2026-02-01T03:30:00.000Z',
          action: 'change',
          previous: 'sales',
        },
        { row: 3, target: 'flow:42', key: 'team', value: 'support', action: 'unchanged', previous: 'support' },
        { row: 4, target: '+918045678900', key: 'region', value: 'KA', action: 'add' },
      ],
    });
  });

  it('collects the problem of every bad row', () => {
    const csv = [
      'target,key,value,valid_from',
      'nobody,Team,,yesterday',
      '+918045678900,region,KA',
      '+918045678900,region,KA,',
      '+918045678900,region,KA,',
      '09876543210,team,ops,2025-01-01T00:00:00Z',
    ].join('\n');
    const { changes, errors } = previewImport(csv, current);
    expect(changes.map((c) => c.row)).toEqual([4]);
    expect(errors).toEqual([
      {
        row: 2,
        error:
          'target "nobody" is neither a phone number nor flow:<flow_id>; tag key "Team" must be lower-case letters, digits and _ (start with a letter, at most 40); tag value is empty; valid_from "yesterday" must be ISO 8601 with an offset (2026-01-31T09:00:00+05:30) or epoch ms',
      },
      { row: 3, error: 'has 3 fields, the header has 4' },
      { row: 5, error: 'same target, key and valid_from as row 4' },
      {
        row: 6,
        error:
          '+919876543210 team already has a value from 2026-01-01T00:00:00.000Z; valid_from must be at or after it',
      },
    ]);
  });

  it('explains a wrong header and broken CSV', () => {
    expect(previewImport('number,key,value\n', current).errors).toEqual([
      {
        row: 1,
        error: 'header: missing column target, unknown column number (expected target,key,value[,valid_from])',
      },
    ]);
    expect(previewImport('target,key,value\n"x', current).errors[0].error).toBe('line 2: unterminated quoted field');
  });
});
