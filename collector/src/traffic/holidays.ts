import type { CalendarRules } from '@exowatch/contract';
import { calendarIntervals, type Interval } from '../calendars/calendar';
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
 * one pass, and the holiday spans of a version are cut once for every scope asking (a query asks
 * once per team or ExoPhone, mostly of one calendar): cutting them walks every day of the range.
 * Scopes the resolver keys alike (scopeKey) are answered once for the same hours.
 * The resolver is loaded per query, so the spans live no longer than the calendars they come from.
 */
export function holidayHoursOf(resolver: CalendarResolver | null): HolidayHours {
  if (!resolver) return NO_HOLIDAYS;
  const cut = new Map<CalendarRules, { from: number; to: number; spans: Interval[] }>();
  const holidaySpans = (rules: CalendarRules, from: number, to: number): Interval[] => {
    const known = cut.get(rules);
    if (known && known.from <= from && known.to >= to) return known.spans;
    const covered = known ? { from: Math.min(from, known.from), to: Math.max(to, known.to) } : { from, to };
    const spans = calendarIntervals(rules, covered.from, covered.to).filter(
      (interval) => interval.period === 'holiday',
    );
    cut.set(rules, { ...covered, spans });
    return spans;
  };
  const holidaysAmong = (scope: TrafficScope, hours: readonly number[]): ReadonlySet<number> => {
    // The resolver hands out one rules object per calendar version, so identity groups the hours.
    const byRules = new Map<CalendarRules, number[]>();
    const key = { ...scope, at: 0 };
    for (const hour of hours) {
      key.at = hour;
      const rules = resolver.rulesFor(key);
      if (!rules || rules.holidays.length === 0) continue;
      const ruled = byRules.get(rules);
      if (ruled) ruled.push(hour);
      else byRules.set(rules, [hour]);
    }
    const holidays = new Set<number>();
    for (const [rules, ruled] of byRules) {
      const sorted = [...ruled].sort((a, b) => a - b);
      const spans = holidaySpans(rules, sorted[0]!, sorted[sorted.length - 1]! + HOUR_MS);
      let i = 0;
      for (const hour of sorted) {
        while (i < spans.length && spans[i]!.end <= hour) i++;
        if (i < spans.length && spans[i]!.start < hour + HOUR_MS) holidays.add(hour);
      }
    }
    return holidays;
  };
  // Per scope key, the holidays among the hours last asked for: a query asks with the same hours for
  // every team, and most teams share the default calendar.
  const answered = new Map<string, { hours: readonly number[]; holidays: ReadonlySet<number> }>();
  return (scope, hours) => {
    const scopeKey = resolver.scopeKey?.(scope);
    const known = scopeKey === undefined ? undefined : answered.get(scopeKey);
    if (known?.hours === hours) return known.holidays;
    const holidays = holidaysAmong(scope, hours);
    if (scopeKey !== undefined) answered.set(scopeKey, { hours, holidays });
    return holidays;
  };
}
