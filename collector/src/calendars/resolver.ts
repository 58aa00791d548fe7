import type { CalendarRules } from '@exowatch/contract';
import type { Queryable } from '../store/db';

/**
 * The seam between calendars and everything that needs business time (issue 11): which calendar
 * rules apply to a call, by its team tag value, flow and ExoPhone, as of an instant. `null` means no
 * calendar: every instant is business hours.
 */
export interface CalendarResolver {
  rulesFor(key: {
    team: string | null;
    flow: string | null;
    exophone: string | null;
    at: number;
  }): CalendarRules | null;
}

/** No calendar is stored yet, so no call has one (24×7 business hours). */
export function loadCalendarResolver(_db: Queryable): Promise<CalendarResolver> {
  return Promise.resolve({ rulesFor: () => null });
}
