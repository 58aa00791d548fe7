import type { CalendarRules } from '@exowatch/contract';

/**
 * The simulated contact centre's opening hours, in the account's local time: Monday to Friday
 * 09:00–19:00, Saturday 10:00–14:00, closed on Sunday. While closed only a small share of the usual
 * volume still calls (customers who do not know the hours), so nights and Sundays are much quieter.
 */
const OPEN_HOURS: Record<number, [number, number] | undefined> = {
  1: [9, 19],
  2: [9, 19],
  3: [9, 19],
  4: [9, 19],
  5: [9, 19],
  6: [10, 14],
};

/** Share of the usual volume that arrives while the centre is closed. */
export const CLOSED_VOLUME_SHARE = 0.15;

/** Is the centre open at the local hour (0–23) of the weekday (0 = Sunday)? */
export function isOpen(hour: number, weekday: number): boolean {
  const open = OPEN_HOURS[weekday];
  return open !== undefined && hour >= open[0] && hour < open[1];
}

/** Volume multiplier of the local hour: 1 while open, CLOSED_VOLUME_SHARE while closed. */
export function businessHoursFactor(hour: number, weekday: number): number {
  return isOpen(hour, weekday) ? 1 : CLOSED_VOLUME_SHARE;
}

const clock = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** The same hours as a business calendar (for the collector's calendars, and tests). */
export function simulatedBusinessCalendar(timeZone: string): CalendarRules {
  const week: CalendarRules['week'] = {};
  WEEKDAY_KEYS.forEach((key, weekday) => {
    const open = OPEN_HOURS[weekday];
    if (open) week[key] = [{ from: clock(open[0]), to: clock(open[1]) }];
  });
  return { timeZone, week, holidays: [] };
}
