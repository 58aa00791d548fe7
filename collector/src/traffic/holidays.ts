import type { CalendarRules } from '@exowatch/contract';
import { calendarIntervals } from '../calendars/calendar';
import type { CalendarResolver } from '../calendars/resolver';
import { HOUR_MS } from '../querykit/zone';

/** What a traffic expectation is for: any of an ExoPhone, a team, a flow (null: not narrowed by it). */
export interface TrafficScope {
  team: string | null;
  flow: string | null;
  exophone: string | null;
}

/**
 * Which of `hours` (starts of one-hour intervals) were, even partly, a holiday of the scope's
 * calendar. This is where the calendars reach expected traffic: the query API and the Prometheus
 * gauges take one of these.
 */
export type HolidayHours = (scope: TrafficScope, hours: readonly number[]) => ReadonlySet<number>;

/** No calendars: no holidays. */
export const NO_HOLIDAYS: HolidayHours = () => new Set();

/**
 * Holidays from the calendars, each hour judged by the calendar version in force at its start
 * (calendarIntervals, the one source of truth for periods). Hours sharing the same rules are cut in
 * one pass.
 */
export function holidayHoursOf(resolver: CalendarResolver | null): HolidayHours {
  if (!resolver) return NO_HOLIDAYS;
  return (scope, hours) => {
    // The resolver hands out one rules object per calendar version, so identity groups the hours.
    const byRules = new Map<CalendarRules, number[]>();
    const key = { ...scope, at: 0 };
    for (const hour of hours) {
      key.at = hour;
      const rules = resolver.rulesFor(key);
      if (!rules) continue;
      const ruled = byRules.get(rules);
      if (ruled) ruled.push(hour);
      else byRules.set(rules, [hour]);
    }
    const holidays = new Set<number>();
    for (const [rules, ruled] of byRules) {
      const sorted = [...ruled].sort((a, b) => a - b);
      const spans = calendarIntervals(rules, sorted[0]!, sorted[sorted.length - 1]! + HOUR_MS).filter(
        (interval) => interval.period === 'holiday',
      );
      let i = 0;
      for (const hour of sorted) {
        while (i < spans.length && spans[i]!.end <= hour) i++;
        if (i < spans.length && spans[i]!.start < hour + HOUR_MS) holidays.add(hour);
      }
    }
    return holidays;
  };
}
