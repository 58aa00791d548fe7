import type { CalendarRules } from '@exowatch/contract';
import { calendarIntervals } from './calendar';
import { inForceAt, isoOrNull, msOrOpen, versionIntervals } from './versions';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const allWeek = (from: string, to: string): CalendarRules['week'] =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from, to }]]));
const early: CalendarRules = { timeZone: 'UTC', week: allWeek('09:00', '17:00'), holidays: [] };
const late: CalendarRules = { timeZone: 'UTC', week: allWeek('12:00', '20:00'), holidays: [] };
const START = Date.UTC(2026, 0, 5);

describe('calendar versions', () => {
  const versions = [
    { rules: early, validFrom: START, validTo: START + DAY + 10 * HOUR },
    { rules: late, validFrom: START + DAY + 10 * HOUR, validTo: Infinity },
  ];

  it('finds the row in force at an instant', () => {
    expect(inForceAt(versions, START - 1)).toBeUndefined();
    expect(inForceAt(versions, START)).toBe(versions[0]);
    expect(inForceAt(versions, START + DAY + 10 * HOUR)).toBe(versions[1]);
  });

  it('cuts each version at its own validity: consecutive intervals, none before the first', () => {
    const intervals = versionIntervals(versions, START - DAY, START + 3 * DAY);
    expect(intervals[0]!.start).toBe(START);
    expect(intervals[intervals.length - 1]!.end).toBe(START + 3 * DAY);
    intervals.slice(1).forEach((i, n) => expect(i.start).toBe(intervals[n]!.end));
    // Day 2 opens at 09:00 under the first version and is re-dated at 10:00 to the second (open 12–20).
    const day2 = versionIntervals(versions, START + DAY, START + 2 * DAY);
    expect(day2.map((i) => [(i.start - START - DAY) / HOUR, (i.end - START - DAY) / HOUR, i.period])).toEqual(
      [
        [0, 9, 'after_hours'],
        [9, 10, 'business_hours'],
        [10, 12, 'after_hours'],
        [12, 20, 'business_hours'],
        [20, 24, 'after_hours'],
      ],
    );
    expect(versionIntervals([versions[0]!], START, START + DAY)).toEqual(
      calendarIntervals(early, START, START + DAY),
    );
  });

  it('writes open ends as null and reads them back as ±Infinity', () => {
    expect(isoOrNull(Infinity)).toBeNull();
    expect(isoOrNull(START)).toBe('2026-01-05T00:00:00.000Z');
    expect(msOrOpen(null, -Infinity)).toBe(-Infinity);
    expect(msOrOpen('2026-01-05T00:00:00.000Z', Infinity)).toBe(START);
  });
});
