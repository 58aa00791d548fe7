import { LocalTime } from './local-time';

describe('local time', () => {
  it('formats and parses Exotel timestamps in Asia/Kolkata', () => {
    const ist = new LocalTime('Asia/Kolkata');
    const instant = Date.parse('2025-02-28T19:05:07Z');
    expect(ist.format(instant)).toBe('2025-03-01 00:35:07');
    expect(ist.parse('2025-03-01 00:35:07')).toBe(instant);
    expect(ist.parse('2025-02-30 00:00:00')).toBeNull();
    expect(ist.hourAndWeekday(instant)).toEqual({ hour: 0, weekday: 6 });
  });

  it('follows daylight saving in zones that have it', () => {
    const newYork = new LocalTime('America/New_York');
    expect(newYork.format(Date.parse('2025-03-09T06:59:59Z'))).toBe('2025-03-09 01:59:59');
    expect(newYork.format(Date.parse('2025-03-09T07:00:00Z'))).toBe('2025-03-09 03:00:00');
  });

  it('rejects unknown zones', () => {
    expect(() => new LocalTime('Mars/Olympus')).toThrow(/Unknown time zone/);
  });
});
