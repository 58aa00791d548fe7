/**
 * Time zones in the browser, without a date library: whether a name is an IANA zone the browser knows,
 * and the instant a local date starts in a zone (a calendar change applies from midnight in the
 * calendar's own zone, not the admin's).
 */

/** Why `timeZone` is not usable, or null when it is. */
export function timeZoneProblem(timeZone: string): string | null {
  if (timeZone.trim() === '') {
    return 'the time zone is empty: use an IANA name such as Asia/Kolkata';
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return null;
  } catch {
    return `unknown time zone "${timeZone}": use an IANA name such as Asia/Kolkata`;
  }
}

/** How far the wall clock of `timeZone` is ahead of UTC at `instant`, in ms. */
function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The ISO instant at which local date `date` (YYYY-MM-DD) begins in `timeZone`. */
export function zonedMidnight(date: string, timeZone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) {
    throw new Error(`"${date}" is not a date (YYYY-MM-DD)`);
  }
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // The offset at the first guess may differ from the one at midnight itself when DST changes that day.
  const guess = wall - offsetMs(wall, timeZone);
  return new Date(wall - offsetMs(guess, timeZone)).toISOString();
}
