import { timeZoneProblem, zonedMidnight } from './zone';

describe('timeZoneProblem', () => {
  it('accepts IANA zones and names the problem otherwise', () => {
    expect(timeZoneProblem('Asia/Kolkata')).toBeNull();
    expect(timeZoneProblem('Europe/London')).toBeNull();
    expect(timeZoneProblem('Mars/Olympus')).toBe(
      'unknown time zone "Mars/Olympus": use an IANA name such as Asia/Kolkata'
    );
    expect(timeZoneProblem(' ')).toMatch(/empty/);
  });
});

describe('zonedMidnight', () => {
  it('starts the day in the calendar’s zone, not the browser’s', () => {
    expect(zonedMidnight('2026-03-01', 'Asia/Kolkata')).toBe('2026-02-28T18:30:00.000Z');
    expect(zonedMidnight('2026-03-01', 'UTC')).toBe('2026-03-01T00:00:00.000Z');
  });

  it('uses the offset in force that day, on either side of a DST change', () => {
    expect(zonedMidnight('2026-03-28', 'Europe/London')).toBe('2026-03-28T00:00:00.000Z');
    expect(zonedMidnight('2026-03-30', 'Europe/London')).toBe('2026-03-29T23:00:00.000Z');
    expect(zonedMidnight('2026-11-02', 'America/New_York')).toBe('2026-11-02T05:00:00.000Z');
    expect(zonedMidnight('2026-11-01', 'America/New_York')).toBe('2026-11-01T04:00:00.000Z');
  });

  it('refuses what is not a date', () => {
    expect(() => zonedMidnight('1/3/2026', 'UTC')).toThrow('"1/3/2026" is not a date (YYYY-MM-DD)');
  });
});
