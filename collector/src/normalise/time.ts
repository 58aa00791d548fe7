import { DateTime } from 'luxon';
import { NormaliseError } from './errors';

/**
 * Values Exotel sends instead of "no time yet". `1970-01-01 05:30:00` is epoch 0 printed in IST: the
 * Passthru applet's constant EndTime (exotel-api.md §3.2, §3.3).
 */
const PLACEHOLDER_TIMES = new Set(['0000-00-00 00:00:00', '0000-00-00', '1970-01-01 05:30:00']);

/**
 * Offsets (minutes) by zone and local hour (`YYYY-MM-DD HH`). Asking luxon/Intl costs microseconds; a
 * million records fall into a few thousand distinct hours, so each hour is resolved once.
 */
const offsetsByZone = new Map<string, Map<string, number>>();
const OFFSET_CACHE_LIMIT = 100_000;
function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

function zoneOffsetMinutes(
  timeZone: string,
  hourKey: string,
  year: number,
  month: number,
  day: number,
  hour: number,
) {
  let offsets = offsetsByZone.get(timeZone);
  if (!offsets) {
    offsets = new Map();
    offsetsByZone.set(timeZone, offsets);
  }
  const cached = offsets.get(hourKey);
  if (cached !== undefined) return cached;
  const offset = DateTime.fromObject({ year, month, day, hour }, { zone: timeZone }).offset;
  if (offsets.size >= OFFSET_CACHE_LIMIT) offsets.clear();
  offsets.set(hourKey, offset);
  return offset;
}

/** Digits at [start, start + length) of `text` as a number, or -1 if any is not a digit. */
function digitsAt(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** `YYYY-MM-DD HH:mm:ss` (or with `T`) → its six fields, or null for any other shape. Hand-rolled: hot path. */
function splitLocalTime(text: string): [number, number, number, number, number, number] | null {
  if (text.length !== 19) return null;
  const separator = text[10];
  if (
    text[4] !== '-' ||
    text[7] !== '-' ||
    (separator !== ' ' && separator !== 'T') ||
    text[13] !== ':' ||
    text[16] !== ':'
  ) {
    return null;
  }
  const fields = [
    digitsAt(text, 0, 4),
    digitsAt(text, 5, 2),
    digitsAt(text, 8, 2),
    digitsAt(text, 11, 2),
    digitsAt(text, 14, 2),
    digitsAt(text, 17, 2),
  ] as [number, number, number, number, number, number];
  return fields.includes(-1) ? null : fields;
}

/**
 * Exotel local time (`YYYY-MM-DD HH:mm:ss`, no offset) → UTC instant. Placeholders, empty and null give
 * null; anything else that is not a real local time throws a NormaliseError naming `field`.
 */
export function parseLocalTime(value: unknown, timeZone: string, field = 'time'): Date | null {
  if (value == null) return null;
  if (typeof value !== 'string')
    throw new NormaliseError(field, value, 'expected text "YYYY-MM-DD HH:mm:ss"');
  const text = value.trim();
  if (text === '' || PLACEHOLDER_TIMES.has(text)) return null;
  const fields = splitLocalTime(text);
  if (!fields) throw new NormaliseError(field, value, 'expected "YYYY-MM-DD HH:mm:ss"');
  const [year, month, day, hour, minute, second] = fields;
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new NormaliseError(field, value, 'not a real calendar time');
  }
  const offset = zoneOffsetMinutes(timeZone, text.slice(0, 13), year, month, day, hour);
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000);
}

/**
 * A time Exotel sends for information (not DateCreated): an unreadable one is null rather than an
 * error, since the raw payload keeps it readable.
 */
export function parseOptionalLocalTime(value: unknown, timeZone: string): Date | null {
  try {
    return parseLocalTime(value, timeZone);
  } catch {
    return null;
  }
}
