import type { CalendarRules } from '@exowatch/contract';
import { DateTime } from 'luxon';
import type { CalendarResolver } from '../calendars/resolver';
import { holidayHoursOf, NO_HOLIDAYS } from './holidays';

const ZONE = 'Asia/Kolkata';
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toMillis();
const WEEKDAYS = { mon: [{ from: '09:00', to: '18:00' }], wed: [{ from: '09:00', to: '18:00' }] };

const before: CalendarRules = {
  timeZone: ZONE,
  week: WEEKDAYS,
  holidays: [{ date: '2026-11-11', from: '14:00', to: '24:00' }],
};
// From 2026-11-15 on the Sales calendar also closes on the 18th (a new version of its rules).
const after: CalendarRules = { ...before, holidays: [...before.holidays, { date: '2026-11-18' }] };

/** A hand-built resolver: Sales has a calendar (two versions), every other team none. */
const resolver: CalendarResolver = {
  rulesFor: ({ team, at: instant }) =>
    team === 'Sales' ? (instant < at('2026-11-15T00:00') ? before : after) : null,
};

describe('holiday hours of a scope', () => {
  const hours = [
    at('2026-11-11T13:00'), // open
    at('2026-11-11T14:00'), // partial holiday from 14:00
    at('2026-11-11T13:30'), // runs into the holiday
    at('2026-11-18T11:00'), // the 18th, a holiday of the newer version
    at('2026-11-18T23:00'),
    at('2026-11-25T11:00'), // an ordinary Wednesday
  ];

  it('marks the hours that are even partly a holiday of the calendar version in force', () => {
    const holidays = holidayHoursOf(resolver)({ team: 'Sales', flow: null, exophone: null }, hours);
    expect([...holidays].sort((a, b) => a - b)).toEqual([
      at('2026-11-11T13:30'),
      at('2026-11-11T14:00'),
      at('2026-11-18T11:00'),
      at('2026-11-18T23:00'),
    ]);
  });

  it('has no holidays for a scope without a calendar, or without calendars at all', () => {
    expect(holidayHoursOf(resolver)({ team: 'Support', flow: null, exophone: null }, hours).size).toBe(0);
    expect(holidayHoursOf(null)({ team: 'Sales', flow: null, exophone: null }, hours).size).toBe(0);
    expect(NO_HOLIDAYS({ team: 'Sales', flow: null, exophone: null }, hours).size).toBe(0);
  });

  it('answers every scope of one calendar alike, whichever hours an earlier scope asked for', () => {
    const holidaysOf = holidayHoursOf(resolver);
    const sales = { team: 'Sales', flow: null, exophone: null };
    // An earlier scope asks for a narrower range than the next (the holiday spans cut for it are widened).
    expect([...holidaysOf(sales, [at('2026-11-11T13:00')])]).toEqual([]);
    expect([...holidaysOf(sales, hours)].sort((a, b) => a - b)).toEqual(
      [...holidayHoursOf(resolver)(sales, hours)].sort((a, b) => a - b),
    );
    expect(holidaysOf(sales, hours).size).toBe(4);
  });

  it('answers scopes the resolver keys alike once, and others on their own', () => {
    const asked: (string | null)[] = [];
    const counting: CalendarResolver = {
      rulesFor: (key) => (asked.push(key.team), resolver.rulesFor(key)),
      scopeKey: ({ team }) => (team === 'Sales' ? 'Sales' : 'default'),
    };
    const holidaysOf = holidayHoursOf(counting);
    const answers = ['Sales', 'Support', 'Ops', 'Sales'].map(
      (team) => holidaysOf({ team, flow: null, exophone: null }, hours).size,
    );
    expect(answers).toEqual([4, 0, 0, 4]);
    expect(asked).toEqual([...hours.map(() => 'Sales'), ...hours.map(() => 'Support')]);
    // Other hours are worked out afresh.
    expect(holidaysOf({ team: 'Sales', flow: null, exophone: null }, hours.slice(0, 2)).size).toBe(1);
  });

  it('finds none where the calendar in force has no holidays', () => {
    const plain: CalendarRules = { ...before, holidays: [] };
    const holidays = holidayHoursOf({ rulesFor: () => plain })(
      { team: 'Sales', flow: null, exophone: null },
      hours,
    );
    expect(holidays.size).toBe(0);
  });
});
