import { DateTime } from 'luxon';
import { periodAt } from '../calendars/calendar';
import { CLOSED_VOLUME_SHARE, isOpen, simulatedBusinessCalendar } from './business-hours';
import { resolveOptions } from './options';
import { SimulatedAccount } from './simulated-account';
import { SLOT_MS } from './traffic';

const ZONE = 'Asia/Kolkata';
const MONDAY = DateTime.fromISO('2026-11-02T00:00', { zone: ZONE });

describe('traffic following business hours', () => {
  it('publishes its opening hours as a business calendar that agrees hour by hour', () => {
    const calendar = simulatedBusinessCalendar(ZONE);
    for (let h = 0; h < 7 * 24; h++) {
      const at = MONDAY.plus({ hours: h });
      const period = periodAt(calendar, at.toMillis() + 30 * 60_000);
      expect({ at: at.toISO(), open: period === 'business_hours' }).toEqual({
        at: at.toISO(),
        open: isOpen(at.hour, at.weekday % 7),
      });
    }
    expect(isOpen(11, 2)).toBe(true);
    expect(isOpen(11, 0)).toBe(false); // Sunday
    expect(isOpen(21, 2)).toBe(false);
  });

  it('makes nights and Sundays much quieter than open hours', () => {
    const sim = new SimulatedAccount(resolveOptions({ seed: 'hours', callsPerDay: 20_000 }));
    const hourCount = (at: DateTime) => {
      let n = 0;
      for (let s = at.toMillis() / SLOT_MS; s < at.plus({ hours: 1 }).toMillis() / SLOT_MS; s++)
        n += sim.traffic.callCount(s);
      return n;
    };
    const dayCount = (day: DateTime) =>
      Array.from({ length: 24 }, (_, h) => hourCount(day.plus({ hours: h }))).reduce((a, b) => a + b, 0);
    const tuesday = MONDAY.plus({ days: 1 });
    const sunday = MONDAY.plus({ days: 6 });
    // 18:00 (open) against 20:00 (closed): the profile alone would give about 1.4×.
    expect(hourCount(tuesday.set({ hour: 18 }))).toBeGreaterThan(5 * hourCount(tuesday.set({ hour: 20 })));
    expect(dayCount(sunday)).toBeLessThan(0.1 * dayCount(tuesday));
    expect(CLOSED_VOLUME_SHARE).toBeLessThan(0.2);
  });
});
