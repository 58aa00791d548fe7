import { DateTime, IANAZone } from 'luxon';

/** The zone Exotel writes its local times in (India). */
export const DEFAULT_TIME_ZONE = 'Asia/Kolkata';

const validZones = new Set<string>();

/** Throws a RangeError that says what to use when `timeZone` is not an IANA zone. */
export function assertTimeZone(timeZone: string): void {
  if (validZones.has(timeZone)) return;
  if (!IANAZone.isValidZone(timeZone)) {
    throw new RangeError(`Unknown time zone "${timeZone}": use an IANA name such as Asia/Kolkata`);
  }
  validZones.add(timeZone);
}

/** UTC instant → `YYYY-MM-DD HH:mm:ss` in `timeZone` (whole seconds, truncated): the DateCreated filter form. */
export function formatLocalTime(instant: Date, timeZone: string): string {
  return DateTime.fromMillis(Math.floor(instant.getTime() / 1000) * 1000, { zone: timeZone }).toFormat(
    'yyyy-MM-dd HH:mm:ss',
  );
}
