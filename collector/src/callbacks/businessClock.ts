import type { CalendarRules } from '@exowatch/contract';
import { calendarIntervals, type Interval, type Period } from '../calendars/calendar';

/**
 * Business time of one calendar, for many calls at once: the maths of calendar.ts's businessMs and
 * addBusinessMs, over week-long pieces of calendarIntervals() computed once and kept (a refresh asks
 * for thousands of windows of the same few calendars; recomputing the intervals for each would
 * dominate). The spec checks both give the same instants.
 */
export interface BusinessClock {
  /** Business time (ms) in [from, to). */
  businessMs(from: number, to: number): number;
  /** The earliest instant by which `ms` of business time has passed since `from`, or null when that is after `limit`. */
  addBusinessMs(from: number, ms: number, limit: number): number | null;
  periodAt(instant: number): Period;
}

const WEEK_MS = 7 * 86_400_000;

/** Every instant is business time (no calendar). */
const ALWAYS_OPEN: BusinessClock = {
  businessMs: (from, to) => Math.max(0, to - from),
  addBusinessMs: (from, ms, limit) => (from + ms <= limit ? from + ms : null),
  periodAt: () => 'business_hours',
};

interface WeekPiece {
  intervals: Interval[];
  /** Business ms before intervals[i] within the week. */
  before: number[];
}

class CalendarClock implements BusinessClock {
  private readonly weeks = new Map<number, WeekPiece>();

  constructor(private readonly rules: CalendarRules) {}

  private week(index: number): WeekPiece {
    let piece = this.weeks.get(index);
    if (!piece) {
      const intervals = calendarIntervals(this.rules, index * WEEK_MS, (index + 1) * WEEK_MS);
      const before: number[] = [];
      let sum = 0;
      for (const interval of intervals) {
        before.push(sum);
        if (interval.period === 'business_hours') sum += interval.end - interval.start;
      }
      piece = { intervals, before };
      this.weeks.set(index, piece);
    }
    return piece;
  }

  /** Business ms of the week holding `instant`, from the week's start up to `instant`. */
  private businessBefore(instant: number): number {
    const { intervals, before } = this.week(Math.floor(instant / WEEK_MS));
    let low = 0;
    let high = intervals.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (intervals[mid]!.start <= instant) low = mid;
      else high = mid - 1;
    }
    const interval = intervals[low]!;
    const inside = interval.period === 'business_hours' ? instant - interval.start : 0;
    return before[low]! + inside;
  }

  businessMs(from: number, to: number): number {
    if (to <= from) return 0;
    let total = -this.businessBefore(from);
    for (let week = Math.floor(from / WEEK_MS); week < Math.floor(to / WEEK_MS); week++) {
      const { intervals, before } = this.week(week);
      const last = intervals[intervals.length - 1]!;
      total += before[before.length - 1]! + (last.period === 'business_hours' ? last.end - last.start : 0);
    }
    return total + this.businessBefore(to);
  }

  addBusinessMs(from: number, ms: number, limit: number): number | null {
    let left = ms;
    for (let week = Math.floor(from / WEEK_MS); week * WEEK_MS <= limit; week++) {
      for (const interval of this.week(week).intervals) {
        if (interval.period !== 'business_hours' || interval.end <= from) continue;
        const start = Math.max(interval.start, from);
        if (interval.end - start >= left) return start + left <= limit ? start + left : null;
        left -= interval.end - start;
      }
    }
    return null;
  }

  periodAt(instant: number): Period {
    const { intervals } = this.week(Math.floor(instant / WEEK_MS));
    return intervals.find((i) => i.start <= instant && instant < i.end)!.period;
  }
}

/** Hands out one clock per distinct calendar (rules compared by value), kept for the caller's lifetime. */
export class BusinessClocks {
  private readonly clocks = new Map<string, BusinessClock>();

  for(rules: CalendarRules | null): BusinessClock {
    if (!rules) return ALWAYS_OPEN;
    const key = JSON.stringify(rules);
    let clock = this.clocks.get(key);
    if (!clock) {
      clock = new CalendarClock(rules);
      this.clocks.set(key, clock);
    }
    return clock;
  }
}
