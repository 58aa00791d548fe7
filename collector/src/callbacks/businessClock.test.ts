import { DateTime } from 'luxon';
import { addBusinessMs, businessMs, periodAt, type CalendarRules } from '../calendars/calendar';
import { BusinessClocks } from './businessClock';

const HOUR = 3_600_000;
const weekdays = (from: string, to: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from, to }]]));

const CALENDARS: Record<string, CalendarRules> = {
  kolkata: {
    timeZone: 'Asia/Kolkata',
    week: { ...weekdays('09:00', '18:00'), sat: [{ from: '10:00', to: '14:00' }] },
    holidays: [
      { date: '2026-10-02', name: 'Gandhi Jayanti' },
      { date: '2026-12-24', from: '14:00', to: '24:00' },
    ],
  },
  berlinOvernight: {
    timeZone: 'Europe/Berlin',
    week: { ...weekdays('22:00', '06:00'), sat: [{ from: '01:00', to: '03:30' }] },
    holidays: [{ date: '2026-03-30' }],
  },
  newYork: { timeZone: 'America/New_York', week: weekdays('08:00', '20:00'), holidays: [] },
};

describe('business clocks', () => {
  // Instants around both DST changes of 2026 in Europe and the US, and around Indian holidays.
  const starts = [
    '2026-03-06T12:00:00Z',
    '2026-03-26T12:00:00Z',
    '2026-09-30T12:00:00Z',
    '2026-10-23T12:00:00Z',
  ];
  const instants = starts.flatMap((s) =>
    Array.from({ length: 60 }, (_, i) => Date.parse(s) + i * 4 * HOUR + (i % 7) * 60_000 * 13),
  );

  it.each(Object.keys(CALENDARS))('agree with calendar.ts for %s', (name) => {
    const rules = CALENDARS[name]!;
    const clock = new BusinessClocks().for(rules);
    for (const from of instants) {
      expect(clock.periodAt(from)).toBe(periodAt(rules, from));
      for (const span of [1, 37, 190, 2000].map((m) => m * 60_000))
        expect(clock.businessMs(from, from + span * 7)).toBe(businessMs(rules, from, from + span * 7));
      for (const ms of [0, 60_000, 2 * HOUR, 9.5 * HOUR, 30 * HOUR])
        expect(clock.addBusinessMs(from, ms, from + 400 * 86_400_000)).toBe(addBusinessMs(rules, from, ms));
    }
  });

  it('stops at the limit', () => {
    const clock = new BusinessClocks().for(CALENDARS.kolkata!);
    const thursday = DateTime.fromISO('2026-10-01T17:00:00', { zone: 'Asia/Kolkata' }).toMillis();
    expect(clock.addBusinessMs(thursday, 2 * HOUR, thursday + 24 * HOUR)).toBeNull();
    expect(clock.addBusinessMs(thursday, 2 * HOUR, thursday + 48 * HOUR)).toBe(thursday + 42 * HOUR);
  });

  it('without a calendar counts every instant', () => {
    const clock = new BusinessClocks().for(null);
    expect(clock.businessMs(1000, 5000)).toBe(4000);
    expect(clock.addBusinessMs(1000, 2 * HOUR, 1000 + 2 * HOUR)).toBe(1000 + 2 * HOUR);
    expect(clock.addBusinessMs(1000, 2 * HOUR, 1000 + HOUR)).toBeNull();
    expect(clock.periodAt(0)).toBe('business_hours');
  });
});
