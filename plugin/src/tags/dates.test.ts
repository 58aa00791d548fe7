import { effectiveFrom, showInstant } from './dates';

describe('effectiveFrom', () => {
  it('is local midnight of the date (tests run in UTC) or undefined for now', () => {
    expect(effectiveFrom('2026-03-01')).toBe('2026-03-01T00:00:00.000Z');
    expect(effectiveFrom('')).toBeUndefined();
    expect(() => effectiveFrom('01/03/2026')).toThrow('is not a date');
  });
});

describe('showInstant', () => {
  it('shows local date and time, and a dash for open ends', () => {
    expect(showInstant('2026-03-01T09:05:00Z')).toBe('2026-03-01 09:05');
    expect(showInstant(null)).toBe('—');
  });
});
