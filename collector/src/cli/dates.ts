import { DateTime } from 'luxon';

/**
 * Reads a `--from`/`--to` argument: a calendar date (YYYY-MM-DD, taken in the account's time zone;
 * as `--to` it means the end of that day) or a full ISO 8601 timestamp with an offset.
 */
export function parseRangeArgument(value: string, timeZone: string, edge: 'from' | 'to'): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = DateTime.fromISO(value, { zone: timeZone });
    if (!day.isValid) throw new Error(`--${edge} ${value} is not a calendar date`);
    return (edge === 'to' ? day.plus({ days: 1 }) : day).toJSDate();
  }
  const instant = DateTime.fromISO(value, { setZone: true });
  if (!instant.isValid || !/(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    throw new Error(
      `--${edge} ${value} must be a date (2026-06-01) or a timestamp with an offset (2026-06-01T00:00:00+05:30)`,
    );
  }
  return instant.toJSDate();
}
