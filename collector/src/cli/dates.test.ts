import { parseRangeArgument } from './dates';

describe('parseRangeArgument', () => {
  it('reads calendar dates in the account time zone, --to meaning the end of that day', () => {
    expect(parseRangeArgument('2026-06-01', 'Asia/Kolkata', 'from').toISOString()).toBe(
      '2026-05-31T18:30:00.000Z',
    );
    expect(parseRangeArgument('2026-06-01', 'Asia/Kolkata', 'to').toISOString()).toBe(
      '2026-06-01T18:30:00.000Z',
    );
    expect(parseRangeArgument('2026-06-01', 'UTC', 'from').toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });

  it('reads timestamps with an offset and refuses ambiguous or invalid input', () => {
    expect(parseRangeArgument('2026-06-01T10:00:00+05:30', 'UTC', 'from').toISOString()).toBe(
      '2026-06-01T04:30:00.000Z',
    );
    expect(() => parseRangeArgument('2026-06-01T10:00:00', 'UTC', 'from')).toThrow(/offset/);
    expect(() => parseRangeArgument('2026-02-30', 'UTC', 'to')).toThrow(/not a calendar date/);
    expect(() => parseRangeArgument('yesterday', 'UTC', 'from')).toThrow(/--from/);
  });
});
