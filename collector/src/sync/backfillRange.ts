import { DateTime } from 'luxon';
import { oldestBackfillStart, splitWindows, WindowRangeError } from '../exotel/windows';
import { formatLocalTime } from '../exotel/time';

/** Throws WindowRangeError, saying what to change, for a range Exotel cannot serve. */
export function assertBackfillRange(from: Date, to: Date, now: Date, timeZone: string): void {
  splitWindows(from, to < now ? to : now, now, { timeZone });
}

export interface BackfillRange {
  from: Date;
  to: Date;
  /** Set when the start was moved forward to the oldest day Exotel still serves: what to tell the user. */
  notice?: string;
}

/** The end of a backfill without `--to`: the end of today in the account zone, like `--to <today>`. */
export function defaultBackfillEnd(now: Date, timeZone: string): Date {
  return DateTime.fromJSDate(now, { zone: timeZone }).startOf('day').plus({ days: 1 }).toJSDate();
}

/**
 * The range a backfill loads. A start older than Exotel keeps (six months) is moved forward to the oldest
 * day it still serves, with a notice, rather than refused: whoever asks for history from a date wants all
 * of it that is left, and a command written down once (a runbook, a cron) keeps working as time passes.
 * A range that ends before that day holds nothing Exotel can serve and is refused, as is any other
 * range Exotel cannot serve (an end in the future is capped later, at the job's creation).
 */
export function resolveBackfillRange(
  requested: { from: Date; to: Date },
  now: Date,
  timeZone: string,
): BackfillRange {
  const oldest = oldestBackfillStart(now, { timeZone });
  const show = (instant: Date) => `${formatLocalTime(instant, timeZone)} ${timeZone}`;
  if (requested.from.getTime() >= oldest.getTime()) {
    assertBackfillRange(requested.from, requested.to, now, timeZone);
    return { from: requested.from, to: requested.to };
  }
  if (requested.to.getTime() <= oldest.getTime()) {
    throw new WindowRangeError(
      `The whole range ends by ${show(requested.to)}, before the oldest day Exotel still serves ` +
        `(${show(oldest)}; it keeps call records for 6 months): nothing in it can be loaded`,
    );
  }
  assertBackfillRange(oldest, requested.to, now, timeZone);
  return {
    from: oldest,
    to: requested.to,
    notice:
      `the range start ${show(requested.from)} is older than the 6 months Exotel keeps call records; ` +
      `loading from ${show(oldest)}, the oldest day it still serves`,
  };
}
