import { DateTime } from 'luxon';
import { assertTimeZone, DEFAULT_TIME_ZONE, formatLocalTime } from '../exotel/time';

/** A half-open span of call creation times, [from, to). */
export interface TimeWindow {
  from: Date;
  to: Date;
}

export interface WindowOptions {
  /** The account's zone: months are counted, and the DateCreated filter is written, in it. */
  timeZone?: string;
  /** How far back Exotel keeps records (exotel-api.md §1.2: 6 months). */
  retentionMonths?: number;
}

/** A range the Bulk Call Details API cannot serve; the message says how to fix the request. */
export class WindowRangeError extends Error {
  override name = 'WindowRangeError';
}

const DEFAULT_RETENTION_MONTHS = 6;

/** The oldest start Exotel will serve: `now` minus `retentionMonths` calendar months in the account zone. */
export function earliestWindowStart(now: Date, options: WindowOptions = {}): Date {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  return DateTime.fromJSDate(now, { zone: timeZone })
    .minus({ months: options.retentionMonths ?? DEFAULT_RETENTION_MONTHS })
    .toJSDate();
}

/**
 * The oldest start a backfill asks for: the first account-zone midnight at or after the earliest start
 * Exotel serves. A whole day keeps one start all day (so rerunning the same command that day resumes the
 * same job) and that start stays inside what Exotel serves until the day ends.
 */
export function oldestBackfillStart(now: Date, options: WindowOptions = {}): Date {
  const earliest = DateTime.fromJSDate(earliestWindowStart(now, options), {
    zone: options.timeZone ?? DEFAULT_TIME_ZONE,
  });
  const midnight = earliest.startOf('day');
  return (midnight.equals(earliest) ? midnight : midnight.plus({ days: 1 })).toJSDate();
}

/**
 * Splits [from, to) into windows that never cross a calendar-month boundary in the account zone, so each
 * is at most one month long (Exotel's per-query limit) and windows are the same whatever `from` is, which
 * keeps per-window checkpoints stable across runs. Refuses (WindowRangeError) from >= to, a `to` after
 * `now`, and a `from` older than the retention period.
 */
export function splitWindows(from: Date, to: Date, now: Date, options: WindowOptions = {}): TimeWindow[] {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  assertTimeZone(timeZone);
  const show = (instant: Date) => `${formatLocalTime(instant, timeZone)} ${timeZone}`;
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    throw new WindowRangeError('The start or end of the range is not a valid date: use YYYY-MM-DD');
  }
  if (from.getTime() >= to.getTime()) {
    throw new WindowRangeError(
      `The range start ${show(from)} is not before its end ${show(to)}: swap or widen them`,
    );
  }
  if (to.getTime() > now.getTime()) {
    throw new WindowRangeError(
      `The range end ${show(to)} is in the future (now is ${show(now)}): end the range at now or earlier`,
    );
  }
  const earliest = earliestWindowStart(now, options);
  if (from.getTime() < earliest.getTime()) {
    throw new WindowRangeError(
      `The range start ${show(from)} is more than ${options.retentionMonths ?? DEFAULT_RETENTION_MONTHS} ` +
        `months ago: Exotel keeps call records for that long only. Start at ${show(earliest)} or later`,
    );
  }

  const windows: TimeWindow[] = [];
  let start = from;
  while (start.getTime() < to.getTime()) {
    const nextMonth = DateTime.fromJSDate(start, { zone: timeZone })
      .startOf('month')
      .plus({ months: 1 })
      .toJSDate();
    const end = nextMonth.getTime() < to.getTime() ? nextMonth : to;
    windows.push({ from: start, to: end });
    start = end;
  }
  return windows;
}

/**
 * The `DateCreated` filter for a window: `gte:<from>;lte:<to − 1 ms>` in local time, whole seconds.
 * Exotel's bounds are inclusive, so the last second of [from, to) is to − 1 s and back-to-back windows
 * neither overlap nor leave a gap.
 */
export function dateCreatedFilter(window: TimeWindow, timeZone: string = DEFAULT_TIME_ZONE): string {
  const lastInstant = new Date(window.to.getTime() - 1);
  return `gte:${formatLocalTime(window.from, timeZone)};lte:${formatLocalTime(lastInstant, timeZone)}`;
}
