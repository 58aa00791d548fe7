import { readTagCsv } from './importRows';

const NOW = new Date('2026-01-05T00:00:00Z');

describe('tags CSV import rows', () => {
  it('turns valid rows into changes, oldest first, with valid_from defaulting to now', () => {
    const { changes, errors } = readTagCsv(
      'target,key,value,valid_from\n09800000001,team,Support,\n09800000001,team,Sales,2025-12-01T00:00:00+05:30\nflow:42,product,Loans,\n',
      NOW,
    );
    expect(errors).toEqual([]);
    expect(changes).toEqual([
      { row: 3, target: '+919800000001', key: 'team', value: 'Sales', at: new Date('2025-11-30T18:30:00Z') },
      { row: 2, target: '+919800000001', key: 'team', value: 'Support', at: NOW },
      { row: 4, target: 'flow:42', key: 'product', value: 'Loans', at: NOW },
    ]);
  });

  it('reports every invalid row with its record number', () => {
    const { errors } = readTagCsv(
      'target,key,value\nnot-a-number,team,Sales\n+919800000001,Bad Key,\n+919800000001,team\n',
      NOW,
    );
    expect(errors).toEqual([
      { row: 2, error: expect.stringMatching(/neither a phone number/) },
      { row: 3, error: expect.stringMatching(/tag key .* must be.*; tag value is empty/) },
      { row: 4, error: 'has 2 fields, the header has 3' },
    ]);
  });

  it('checks the header and duplicate rows', () => {
    expect(readTagCsv('number,key,value\n', NOW).errors[0]!.error).toMatch(
      /missing column\(s\) target; unknown column\(s\) number/,
    );
    const dup = readTagCsv('target,key,value\n+919800000001,team,A\n09800000001,team,B\n', NOW);
    expect(dup.errors).toEqual([{ row: 3, error: 'same target, key and valid_from as row 2' }]);
  });
});
