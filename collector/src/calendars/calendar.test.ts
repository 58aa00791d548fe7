import { DateTime } from 'luxon';
import {
  addBusinessMs,
  businessMs,
  calendarIntervals,
  calendarProblems,
  periodAt,
  type CalendarRules,
} from './calendar';

const HOUR = 3_600_000;
const at = (local: string, zone: string) => DateTime.fromISO(local, { zone }).toMillis();

const weekdays = (from: string, to: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from, to }]]));

const kolkata: CalendarRules = {
  timeZone: 'Asia/Kolkata',
  week: { ...weekdays('09:00', '18:00'), sat: [{ from: '10:00', to: '14:00' }] },
  holidays: [
    { date: '2026-10-02', name: 'Gandhi Jayanti' },
    { date: '2026-12-24', name: 'Christmas Eve', from: '14:00', to: '24:00' },
  ],
};

describe('business calendars', () => {
  it('tells the period of an instant in the calendar zone', () => {
    const k = (local: string) => periodAt(kolkata, at(local, 'Asia/Kolkata'));
    expect(k('2026-09-30T08:59:59')).toBe('after_hours');
    expect(k('2026-09-30T09:00:00')).toBe('business_hours');
    expect(k('2026-09-30T17:59:59')).toBe('business_hours');
    expect(k('2026-09-30T18:00:00')).toBe('after_hours');
    expect(k('2026-10-03T11:00:00')).toBe('business_hours'); // Saturday
    expect(k('2026-10-04T11:00:00')).toBe('after_hours'); // Sunday: no ranges
    expect(k('2026-10-02T11:00:00')).toBe('holiday');
    expect(k('2026-10-02T23:00:00')).toBe('holiday'); // the whole day, after hours included
    expect(k('2026-12-24T13:59:00')).toBe('business_hours'); // partial holiday: open until 14:00
    expect(k('2026-12-24T14:00:00')).toBe('holiday');
  });

  it('covers a range with consecutive intervals, merged by period', () => {
    const from = at('2026-09-30T00:00:00', 'Asia/Kolkata');
    // Wednesday, Thursday, then the Gandhi Jayanti holiday.
    const intervals = calendarIntervals(kolkata, from, from + 3 * 24 * HOUR);
    expect(intervals.map((i) => i.period)).toEqual([
      'after_hours',
      'business_hours',
      'after_hours',
      'business_hours',
      'after_hours',
      'holiday',
    ]);
    expect(intervals[1]).toEqual({
      start: at('2026-09-30T09:00:00', 'Asia/Kolkata'),
      end: at('2026-09-30T18:00:00', 'Asia/Kolkata'),
      period: 'business_hours',
    });
    expect(intervals[0]!.start).toBe(from);
    expect(intervals[intervals.length - 1]!.end).toBe(from + 3 * 24 * HOUR);
    intervals.slice(1).forEach((interval, i) => expect(interval.start).toBe(intervals[i]!.end));
  });

  it('keeps opening hours on the wall clock across DST changes', () => {
    const london: CalendarRules = {
      timeZone: 'Europe/London',
      week: weekdays('09:00', '17:00'),
      holidays: [],
    };
    // 2026-03-29: clocks go forward (Sunday); Monday 09:00 is then 08:00 UTC, Friday before 09:00 UTC.
    expect(periodAt(london, Date.UTC(2026, 2, 27, 9, 0))).toBe('business_hours');
    expect(periodAt(london, Date.UTC(2026, 2, 30, 8, 0))).toBe('business_hours');
    expect(periodAt(london, Date.UTC(2026, 2, 30, 16, 30))).toBe('after_hours');
    // A whole week across the change still has 5 × 8 business hours.
    expect(businessMs(london, Date.UTC(2026, 2, 23), Date.UTC(2026, 3, 6))).toBe(10 * 8 * HOUR);
  });

  it('keeps overnight ranges with the day they open, across the 23-hour day', () => {
    const night: CalendarRules = {
      timeZone: 'America/New_York',
      week: { sat: [{ from: '22:00', to: '06:00' }] },
      holidays: [],
    };
    // Saturday 2026-03-07 22:00 → Sunday 06:00 spans the spring-forward at 02:00: 7 real hours.
    expect(
      businessMs(
        night,
        at('2026-03-07T12:00', 'America/New_York'),
        at('2026-03-08T12:00', 'America/New_York'),
      ),
    ).toBe(7 * HOUR);
    expect(periodAt(night, at('2026-03-08T05:30', 'America/New_York'))).toBe('business_hours');
    expect(periodAt(night, at('2026-03-08T06:00', 'America/New_York'))).toBe('after_hours');
  });

  it('ends a business-time window the next morning when it opens near closing time', () => {
    const missed = at('2026-09-30T17:30:00', 'Asia/Kolkata');
    // 30 minutes left today, 90 minutes tomorrow: 10:30 the next day.
    expect(addBusinessMs(kolkata, missed, 2 * HOUR)).toBe(at('2026-10-01T10:30:00', 'Asia/Kolkata'));
    // Missed on Thursday evening: Friday is the Gandhi Jayanti holiday, Saturday opens at 10:00.
    const thursdayEvening = at('2026-10-01T17:00:00', 'Asia/Kolkata');
    expect(addBusinessMs(kolkata, thursdayEvening, 2 * HOUR)).toBe(at('2026-10-03T11:00:00', 'Asia/Kolkata'));
    expect(addBusinessMs({ ...kolkata, week: {} }, missed, HOUR)).toBeNull();
  });

  it('names every problem of a calendar that cannot be used', () => {
    expect(calendarProblems(kolkata)).toEqual([]);
    const problems = calendarProblems({
      timeZone: 'Mars/Olympus',
      week: { mon: [{ from: '9:00', to: '17:00' }], tue: [{ from: '10:00', to: '10:00' }] },
      holidays: [{ date: '2026-13-01' }, { date: '2026-12-24', from: '14:00', to: '12:00' }],
    });
    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(/Unknown time zone "Mars\/Olympus"/);
    expect(problems.join('\n')).toMatch(/mon 9:00–17:00: times are HH:MM/);
    expect(problems.join('\n')).toMatch(/open all day is 00:00–24:00/);
  });
});
