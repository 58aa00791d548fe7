import { DateTime, type DurationLikeObject } from 'luxon';
import { DAY_MS, HOUR_MS, zoneClock } from './zone';

/**
 * Bucket intervals, cut in the business time zone: minute and hour buckets start on multiples of the
 * interval from local midnight, days at local midnight, weeks on Monday, months on the 1st. `all` is one
 * bucket spanning the whole range.
 */
export type Grain = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'all';

export interface Interval {
  text: string;
  grain: Grain;
  /** Length in units of the grain (minutes for `minute`, hours for `hour`). */
  step: number;
}

/** Intervals of `steps` minutes or hours, each named after its length (`5m`, `2h`). */
const stepsOf = (grain: 'minute' | 'hour', unit: 'm' | 'h', steps: readonly number[]) =>
  steps.map((step) => [`${step}${unit}`, { grain, step }] as const);

const INTERVALS: Record<string, Omit<Interval, 'text'>> = Object.fromEntries([
  ...stepsOf('minute', 'm', [1, 5, 10, 15, 30]),
  ...stepsOf('hour', 'h', [1, 2, 3, 6, 12]),
  ['1d', { grain: 'day', step: 1 }],
  ['1w', { grain: 'week', step: 1 }],
  ['1M', { grain: 'month', step: 1 }],
  ['all', { grain: 'all', step: 1 }],
]);

export const INTERVAL_NAMES = Object.keys(INTERVALS);
export const MAX_BUCKETS = 10_000;

export function parseInterval(text: string): Interval | null {
  const known = INTERVALS[text];
  return known ? { text, ...known } : null;
}

export function isValidTimeZone(zone: string): boolean {
  return zone.length <= 64 && DateTime.now().setZone(zone).isValid;
}

const MINUTE_MS = 60_000;

/** Length of a fixed-size grain step (minutes and hours divide a day; days are local days). */
function fixedUnit(interval: Interval): number | null {
  if (interval.grain === 'minute') return interval.step * MINUTE_MS;
  if (interval.grain === 'hour') return interval.step * HOUR_MS;
  if (interval.grain === 'day') return DAY_MS;
  return null;
}

const STEP: Record<'week' | 'month', keyof DurationLikeObject> = { week: 'weeks', month: 'months' };

/**
 * Bucket start instants (ms) covering [from, to), the first at or before `from`; null when more than
 * MAX_BUCKETS would be needed.
 */
export function bucketStarts(from: number, to: number, interval: Interval, zone: string): number[] | null {
  if (interval.grain === 'all') return [from];
  const starts: number[] = [];
  const unit = fixedUnit(interval);
  if (unit !== null) {
    const clock = zoneClock(zone);
    let local = Math.floor(clock.local(from) / unit) * unit;
    for (let t = clock.utc(local); t < to; t = clock.utc(local)) {
      if (starts.length >= MAX_BUCKETS) return null;
      if (starts.length === 0 || t > starts[starts.length - 1]!) starts.push(t);
      local += unit;
    }
    return starts;
  }
  const step = STEP[interval.grain as 'week' | 'month'];
  for (
    let t = DateTime.fromMillis(from, { zone }).startOf(interval.grain as 'week' | 'month');
    t.toMillis() < to;
    t = t.plus({ [step]: 1 })
  ) {
    if (starts.length >= MAX_BUCKETS) return null;
    starts.push(t.toMillis());
  }
  return starts;
}
