import type { CalendarRules } from '@exowatch/contract';
import type { CalendarResolver } from '../calendars/resolver';
import { businessHoursOpen, OBSERVATION_DELAY_MS, observationWindow } from './readings';

const MINUTE = 60_000;
const at = (local: string) => Date.parse(`${local}+05:30`);

describe('expected-traffic readings', () => {
  it('observes the hour ending 10 minutes before the sync checkpoint, in whole minutes', () => {
    const now = at('2026-11-25T11:47:30');
    // The sync is current: the window ends 10 minutes before now.
    expect(observationWindow(now, now)).toEqual([at('2026-11-25T10:37:00'), at('2026-11-25T11:37:00')]);
    // The sync lags 20 minutes: the window follows the checkpoint, not the clock.
    expect(observationWindow(now, now - 20 * MINUTE)).toEqual([
      at('2026-11-25T10:17:00'),
      at('2026-11-25T11:17:00'),
    ]);
    expect(OBSERVATION_DELAY_MS).toBe(10 * MINUTE);
  });

  it("tells whether a team's or an ExoPhone's calendar is open now, by the periods' precedence", () => {
    const weekdays: CalendarRules = {
      timeZone: 'Asia/Kolkata',
      week: { wed: [{ from: '09:00', to: '18:00' }] },
      holidays: [{ date: '2026-12-02' }],
    };
    const nights: CalendarRules = { ...weekdays, week: { wed: [{ from: '18:00', to: '23:00' }] } };
    const closed: CalendarRules = { ...weekdays, week: {} };
    // Team Sales has a calendar, ExoPhone +918041000009 has its own, the default is never open.
    const resolver: CalendarResolver = {
      rulesFor: ({ team, exophone }) =>
        team === 'Sales' ? weekdays : exophone === '+918041000009' ? nights : closed,
    };
    const team = (name: string) => ({ team: name, exophone: '' });
    expect(businessHoursOpen(resolver, team('Sales'), at('2026-11-25T11:00:00'))).toBe(true);
    expect(businessHoursOpen(resolver, team('Sales'), at('2026-11-25T19:00:00'))).toBe(false);
    expect(businessHoursOpen(resolver, team('Sales'), at('2026-12-02T11:00:00'))).toBe(false); // holiday
    expect(businessHoursOpen(resolver, team(''), at('2026-11-25T11:00:00'))).toBe(false); // the default
    // The night line's own hours, unless its team has a calendar (team first).
    const nightLine = { team: 'Support', exophone: '+918041000009' };
    expect(businessHoursOpen(resolver, nightLine, at('2026-11-25T19:00:00'))).toBe(true);
    expect(businessHoursOpen(resolver, nightLine, at('2026-11-25T11:00:00'))).toBe(false);
    expect(businessHoursOpen(resolver, { ...nightLine, team: 'Sales' }, at('2026-11-25T19:00:00'))).toBe(
      false,
    );
    expect(businessHoursOpen(resolver, team('Support'), at('2026-11-25T19:00:00'))).toBe(false);
    const noCalendars: CalendarResolver = { rulesFor: () => null };
    expect(businessHoursOpen(noCalendars, team('Support'), at('2026-11-25T03:00:00'))).toBe(true);
    expect(businessHoursOpen(null, team('Sales'), at('2026-11-25T03:00:00'))).toBe(true);
  });
});
