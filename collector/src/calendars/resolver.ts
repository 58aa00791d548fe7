import type { CalendarRules } from '@exowatch/contract';

/**
 * The seam between calendars and everything else (issue 11): which calendar's rules apply to a call
 * or scope at an instant. `null` means no calendar: every instant is business hours.
 */
export interface CalendarResolver {
  rulesFor(key: {
    team: string | null;
    flow: string | null;
    exophone: string | null;
    at: number;
  }): CalendarRules | null;
}
