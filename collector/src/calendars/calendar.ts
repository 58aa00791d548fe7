import type { CalendarHoliday, CalendarPeriod, CalendarRules, CalendarWeekday } from '@exowatch/contract';
import { DateTime } from 'luxon';
import { assertTimeZone } from '../exotel/time';

/**
 * Business calendars, pure: which period (business hours, after hours, holiday) an instant falls in
 * and how much business time lies between two instants. Everything is derived from one function,
 * calendarIntervals(), so the SQL side (which stores these intervals) and the JS side agree exactly.
 * Opening hours are local wall-clock times of the calendar's zone, so DST moves them with the clock.
 */

type Period = CalendarPeriod;
export type { CalendarRules, Period };

export const PERIODS = ['business_hours', 'after_hours', 'holiday'] as const satisfies readonly Period[];
export const WEEKDAYS = [
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
] as const satisfies readonly CalendarWeekday[];

/** [start, end) in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
  period: Period;
}

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Minutes after local midnight of `HH:MM` (`24:00` is 1440). */
function minutesOf(clock: string): number {
  return clock === '24:00' ? 1440 : Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/** Problems with `rules`, each one sentence; empty when the calendar is usable. */
export function calendarProblems(rules: CalendarRules): string[] {
  const problems: string[] = [];
  try {
    assertTimeZone(rules.timeZone);
  } catch (error) {
    problems.push((error as Error).message);
  }
  for (const [day, ranges] of Object.entries(rules.week)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      problems.push(`"${day}" is not a weekday: use ${WEEKDAYS.join(', ')}`);
      continue;
    }
    for (const range of ranges ?? []) {
      if (!CLOCK.test(range.from) || !CLOCK.test(range.to) || range.from === '24:00') {
        problems.push(`${day} ${range.from}–${range.to}: times are HH:MM from 00:00 to 24:00`);
      } else if (range.from === range.to) {
        problems.push(`${day} ${range.from}–${range.to}: an empty range (open all day is 00:00–24:00)`);
      }
    }
  }
  for (const holiday of rules.holidays) {
    const date = DateTime.fromISO(holiday.date, { zone: 'UTC' });
    if (!DATE.test(holiday.date) || !date.isValid) {
      problems.push(`holiday "${holiday.date}": dates are YYYY-MM-DD`);
    } else if ((holiday.from ?? '00:00') !== '00:00' || (holiday.to ?? '24:00') !== '24:00') {
      const from = holiday.from ?? '00:00';
      const to = holiday.to ?? '24:00';
      if (!CLOCK.test(from) || !CLOCK.test(to) || minutesOf(to) <= minutesOf(from)) {
        problems.push(`holiday ${holiday.date} ${from}–${to}: a part of a day is HH:MM to a later HH:MM`);
      }
    }
  }
  return problems;
}

/** The instant of local `date` (a UTC-midnight DateTime standing for the local date) plus `minutes`. */
function localInstant(zone: string, date: DateTime, minutes: number): number {
  const day = date.plus({ days: Math.floor(minutes / 1440) });
  const rest = minutes % 1440;
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: Math.floor(rest / 60), minute: rest % 60 },
    { zone },
  ).toMillis();
}

/**
 * [from, to) cut into consecutive intervals, each with its period (adjacent intervals of the same
 * period merged). A holiday wins over opening hours; time that is neither is after hours.
 */
export function calendarIntervals(rules: CalendarRules, from: number, to: number): Interval[] {
  if (to <= from) return [];
  const zone = rules.timeZone;
  // Local dates whose ranges can reach [from, to): one day earlier for ranges running overnight.
  const first = DateTime.fromMillis(from, { zone }).startOf('day').setZone('UTC', { keepLocalTime: true });
  const last = DateTime.fromMillis(to, { zone }).startOf('day').setZone('UTC', { keepLocalTime: true });
  const holidays = new Map<string, CalendarHoliday[]>();
  for (const holiday of rules.holidays)
    holidays.set(holiday.date, [...(holidays.get(holiday.date) ?? []), holiday]);

  // Sweep over boundary events: +1/−1 open, +1/−1 holiday.
  const events: [number, 'open' | 'holiday', 1 | -1][] = [];
  for (let date = first.minus({ days: 1 }); date <= last; date = date.plus({ days: 1 })) {
    const weekday = WEEKDAYS[date.weekday - 1]!;
    for (const range of rules.week[weekday] ?? []) {
      const start = minutesOf(range.from);
      const end = minutesOf(range.to) <= start ? minutesOf(range.to) + 1440 : minutesOf(range.to);
      events.push([localInstant(zone, date, start), 'open', 1], [localInstant(zone, date, end), 'open', -1]);
    }
    for (const holiday of holidays.get(date.toISODate()!) ?? []) {
      events.push(
        [localInstant(zone, date, minutesOf(holiday.from ?? '00:00')), 'holiday', 1],
        [localInstant(zone, date, minutesOf(holiday.to ?? '24:00')), 'holiday', -1],
      );
    }
  }
  events.sort((a, b) => a[0] - b[0]);

  const intervals: Interval[] = [];
  const push = (start: number, end: number, period: Period) => {
    const s = Math.max(start, from);
    const e = Math.min(end, to);
    if (e <= s) return;
    const previous = intervals[intervals.length - 1];
    if (previous && previous.period === period && previous.end === s) previous.end = e;
    else intervals.push({ start: s, end: e, period });
  };
  let open = 0;
  let holiday = 0;
  let cursor = -Infinity;
  for (const [at, kind, delta] of events) {
    if (at > cursor) push(cursor, at, holiday > 0 ? 'holiday' : open > 0 ? 'business_hours' : 'after_hours');
    cursor = Math.max(cursor, at);
    if (kind === 'open') open += delta;
    else holiday += delta;
  }
  push(cursor, Infinity, holiday > 0 ? 'holiday' : open > 0 ? 'business_hours' : 'after_hours');
  return intervals;
}

export function periodAt(rules: CalendarRules, instant: number): Period {
  return calendarIntervals(rules, instant, instant + 1)[0]!.period;
}

/** Business time (ms) in [from, to). */
export function businessMs(rules: CalendarRules, from: number, to: number): number {
  return calendarIntervals(rules, from, to)
    .filter((i) => i.period === 'business_hours')
    .reduce((sum, i) => sum + i.end - i.start, 0);
}

/**
 * The instant at which `ms` of business time has passed since `from` (a window of "2 business hours"
 * that opens after closing time ends the next morning), or null when the calendar has no business
 * time within `horizonDays`.
 */
export function addBusinessMs(
  rules: CalendarRules,
  from: number,
  ms: number,
  horizonDays = 400,
): number | null {
  let left = ms;
  for (let cursor = from; cursor < from + horizonDays * DAY_MS; cursor += 7 * DAY_MS) {
    for (const interval of calendarIntervals(rules, cursor, cursor + 7 * DAY_MS)) {
      if (interval.period !== 'business_hours') continue;
      const length = interval.end - interval.start;
      if (length >= left) return interval.start + left;
      left -= length;
    }
  }
  return null;
}
