import type { CalendarRules } from '@exowatch/contract';
import { DateTime } from 'luxon';
import type { CalendarResolver } from '../calendars/resolver';
import { BusinessClocks } from './businessClock';
import {
  callbackWindows,
  connectionsByCustomer,
  matchWindows,
  WINDOW_CAP_MS,
  type CallbackSettings,
  type Connection,
  type MissedCall,
} from './match';

const MIN = 60_000;
const HOUR = 60 * MIN;
const weekdays = (from: string, to: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from, to }]]));
const kolkata: CalendarRules = {
  timeZone: 'Asia/Kolkata',
  week: { ...weekdays('09:00', '18:00'), sat: [{ from: '10:00', to: '14:00' }] },
  holidays: [{ date: '2026-10-02', name: 'Gandhi Jayanti' }],
};
const berlin: CalendarRules = {
  timeZone: 'Europe/Berlin',
  week: { ...weekdays('08:00', '18:00'), sun: [{ from: '00:00', to: '24:00' }] },
  holidays: [],
};
const IST = (local: string) => DateTime.fromISO(local, { zone: 'Asia/Kolkata' }).toMillis();
const CET = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Berlin' }).toMillis();

const settings: CallbackSettings = { windowMinutes: 120, windowMinutesByTeam: { Sales: 30 } };
const CUSTOMER = '+919800000001';

function outcome(
  missed: Partial<MissedCall> & { at: number },
  connections: Connection[],
  resolver: CalendarResolver = { rulesFor: () => kolkata },
) {
  const call: MissedCall = { customer: CUSTOMER, team: null, flow: null, exophone: null, ...missed };
  const windows = callbackWindows([call], { resolver, clocks: new BusinessClocks(), settings });
  return matchWindows([call], windows, connectionsByCustomer(connections))[0]!;
}

describe('callback matching and windows', () => {
  it('carries a window across closing time into the next morning', () => {
    const missed = IST('2026-09-29T17:30:00');
    const o = outcome({ at: missed }, [{ customer: CUSTOMER, at: IST('2026-09-30T09:15:00') }]);
    expect(o.windowEndsAt).toBe(IST('2026-09-30T10:30:00'));
    expect(o.calledBackAt).toBe(IST('2026-09-30T09:15:00'));
    expect(o.callbackSeconds).toBe(45 * 60); // 30 min before closing, 15 after opening
    expect(o.period).toBe('business_hours');
    const late = outcome({ at: missed }, [{ customer: CUSTOMER, at: IST('2026-09-30T10:31:00') }]);
    expect(late.calledBackAt).toBeNull();
    expect(late.callbackSeconds).toBeNull();
  });

  it('skips a holiday inside the window', () => {
    // Thursday 17:00; Friday 2 October is a holiday; Saturday opens 10:00.
    const o = outcome({ at: IST('2026-10-01T17:00:00') }, [
      { customer: CUSTOMER, at: IST('2026-10-02T12:00:00') },
    ]);
    expect(o.windowEndsAt).toBe(IST('2026-10-03T11:00:00'));
    expect(o.calledBackAt).toBe(IST('2026-10-02T12:00:00'));
    expect(o.callbackSeconds).toBe(3600); // the holiday counts nothing
    expect(outcome({ at: IST('2026-10-02T08:00:00') }, []).period).toBe('holiday');
  });

  it('counts business time on the wall clock of a DST zone', () => {
    const resolver = { rulesFor: () => berlin };
    // Sunday 29 March 2026 is open all day; clocks jump from 02:00 to 03:00.
    const o = outcome({ at: CET('2026-03-29T01:30:00') }, [], resolver);
    expect(o.windowEndsAt).toBe(CET('2026-03-29T01:30:00') + 2 * HOUR);
    expect(DateTime.fromMillis(o.windowEndsAt, { zone: 'Europe/Berlin' }).toFormat('HH:mm')).toBe('04:30');
    // Friday 27 March 17:00: one business hour left, the other on Sunday before the clocks jump.
    const friday = outcome(
      { at: CET('2026-03-27T17:00:00') },
      [{ customer: CUSTOMER, at: CET('2026-03-28T12:00:00') }],
      resolver,
    );
    expect(friday.windowEndsAt).toBe(CET('2026-03-29T01:00:00'));
    expect(friday.callbackSeconds).toBe(3600);
  });

  it('takes the first connection after the missed call, and only the same customer', () => {
    const missed = IST('2026-09-29T10:00:00');
    const o = outcome({ at: missed }, [
      { customer: CUSTOMER, at: missed - MIN },
      { customer: CUSTOMER, at: missed },
      { customer: '+919800000002', at: missed + MIN },
      { customer: CUSTOMER, at: missed + 50 * MIN },
      { customer: CUSTOMER, at: missed + 20 * MIN },
    ]);
    expect(o.calledBackAt).toBe(missed + 20 * MIN);
    expect(o.callbackSeconds).toBe(20 * 60);
  });

  it('counts a callback at the very end of the window, and none for a withheld number', () => {
    const missed = IST('2026-09-29T10:00:00');
    expect(outcome({ at: missed }, [{ customer: CUSTOMER, at: missed + 2 * HOUR }]).calledBackAt).toBe(
      missed + 2 * HOUR,
    );
    expect(
      outcome({ at: missed, customer: null }, [{ customer: CUSTOMER, at: missed + MIN }]).calledBackAt,
    ).toBeNull();
  });

  it('uses the team window and the calendar resolved for the call', () => {
    const missed = IST('2026-09-29T10:00:00');
    const keys: unknown[] = [];
    const resolver: CalendarResolver = {
      rulesFor: (key) => {
        keys.push(key);
        return key.team === 'Sales' ? kolkata : null;
      },
    };
    const sales = outcome({ at: missed, team: 'Sales', flow: '42', exophone: '+918040000000' }, [], resolver);
    expect(sales.windowEndsAt).toBe(missed + 30 * MIN);
    expect(keys).toEqual([{ team: 'Sales', flow: '42', exophone: '+918040000000', at: missed }]);
    const night = IST('2026-09-29T23:00:00');
    expect(outcome({ at: night, team: 'Support' }, [], resolver).windowEndsAt).toBe(night + 2 * HOUR);
    expect(outcome({ at: night, team: 'Support' }, [], resolver).period).toBe('business_hours');
  });

  it('ends a window after 31 days when the calendar has no business time', () => {
    const closed: CalendarRules = { timeZone: 'Asia/Kolkata', week: {}, holidays: [] };
    const missed = IST('2026-09-29T10:00:00');
    expect(outcome({ at: missed }, [], { rulesFor: () => closed }).windowEndsAt).toBe(missed + WINDOW_CAP_MS);
  });
});
