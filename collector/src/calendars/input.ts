import type { CalendarHoliday, CalendarRules, CalendarWeekday, CalendarWriteBody } from '@exowatch/contract';
import { z } from 'zod';
import { checkValue, parseInstant, parseTarget } from '../tags/target';
import { calendarProblems, WEEKDAYS } from './calendar';

/**
 * What PUT /api/v1/calendars/:id accepts (docs/api.md "Calendars"), checked in full before anything
 * is written: calendar ids, names, rules (calendarProblems), the version's start and the targets.
 */
export class CalendarError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 = 400,
  ) {
    super(message);
  }
}

/** A calendar write, validated and normalised. */
export interface CalendarWrite {
  id: string;
  name: string;
  rules: CalendarRules;
  at: Date;
  /** Normalised targets; undefined leaves the assignments as they are. */
  assignments?: string[];
}

export const MAX_HOLIDAYS = 5000;
const MAX_ASSIGNMENTS = 500;
const ID = /^[a-z0-9_-]{1,40}$/;
/** Calendar versions start no earlier than this: their periods are materialised from there on. */
const EARLIEST_VALID_FROM = Date.UTC(2000, 0, 1);

const rangeSchema = z.strictObject({ from: z.string().max(5), to: z.string().max(5) });
const holidaySchema = z.strictObject({
  date: z.string().max(10),
  name: z.string().max(100).optional(),
  from: z.string().max(5).optional(),
  to: z.string().max(5).optional(),
});
const writeSchema = z.strictObject({
  name: z.string().max(100),
  rules: z.strictObject({
    timeZone: z.string().max(64),
    // Any key here, so an unknown weekday gets calendarProblems' message rather than zod's.
    week: z.record(z.string().max(20), z.array(rangeSchema).max(10)),
    holidays: z.array(holidaySchema).max(MAX_HOLIDAYS),
  }),
  validFrom: z.string().max(40).optional(),
  assignments: z.array(z.string().max(240)).max(MAX_ASSIGNMENTS).optional(),
});

export function checkCalendarId(id: string): string {
  if (!ID.test(id))
    throw new CalendarError(
      `calendar id ${JSON.stringify(id.slice(0, 50))} must be 1–40 lower-case letters, digits, - and _`,
    );
  return id;
}

/** `team:<team tag value>`, an ExoPhone number (any Exotel form, stored E.164), `flow:<flow_id>` or `default`. */
export function parseAssignmentTarget(text: string): string {
  const trimmed = text.trim();
  if (trimmed === 'default') return trimmed;
  if (trimmed.startsWith('team:')) {
    const team = checkValue(trimmed.slice(5));
    if (!team.ok)
      throw new CalendarError(`assignment ${JSON.stringify(trimmed.slice(0, 60))}: ${team.error}`);
    return `team:${team.value}`;
  }
  const target = parseTarget(trimmed);
  if (!target.ok)
    throw new CalendarError(
      `assignment ${JSON.stringify(trimmed.slice(0, 60))} is none of team:<team>, an ExoPhone number, flow:<flow_id>, default`,
    );
  return target.value;
}

/** The rules in one canonical form: weekdays in order (closed days left out), holidays by date. */
export function canonicalRules(rules: CalendarRules): CalendarRules {
  const week: Partial<Record<CalendarWeekday, { from: string; to: string }[]>> = {};
  for (const day of WEEKDAYS) {
    const ranges = rules.week[day] ?? [];
    if (ranges.length > 0) week[day] = ranges.map(({ from, to }) => ({ from, to }));
  }
  const holidays = rules.holidays
    .map((h): CalendarHoliday => ({
      date: h.date,
      ...(h.name ? { name: h.name } : {}),
      ...(h.from !== undefined ? { from: h.from } : {}),
      ...(h.to !== undefined ? { to: h.to } : {}),
    }))
    .sort((a, b) => a.date.localeCompare(b.date) || (a.from ?? '').localeCompare(b.from ?? ''));
  return { timeZone: rules.timeZone, week, holidays };
}

export function sameRules(a: CalendarRules, b: CalendarRules): boolean {
  return JSON.stringify(canonicalRules(a)) === JSON.stringify(canonicalRules(b));
}

/** Checked rules, or a 400 naming every problem. */
export function checkRules(rules: CalendarRules): CalendarRules {
  const problems = calendarProblems(rules);
  if (problems.length > 0) throw new CalendarError(`rules: ${problems.join('; ')}`);
  return canonicalRules(rules);
}

/** Checked rules open `hours` on each of `days` and closed the rest of the week. */
export function weeklyRules(
  timeZone: string,
  days: readonly CalendarWeekday[],
  hours: { from: string; to: string },
  holidays: CalendarHoliday[] = [],
): CalendarRules {
  return checkRules({ timeZone, week: Object.fromEntries(days.map((d) => [d, [hours]])), holidays });
}

/** The write of the default calendar, "Office hours": the one followed where no other is assigned. */
export function officeHoursCalendar(rules: CalendarRules, at: Date): CalendarWrite {
  return { id: 'default', name: 'Office hours', rules, at, assignments: ['default'] };
}

/** Validates PUT /api/v1/calendars/:id; `now` is the default start of the new version. */
export function parseCalendarWrite(id: string, body: unknown, now: Date): CalendarWrite {
  const parsed = writeSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CalendarError(`invalid calendar: ${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  const req = parsed.data satisfies CalendarWriteBody;
  const name = req.name.trim();
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || /[\u0000-\u001f\u007f]/.test(name))
    throw new CalendarError('name must be 1–100 characters without control characters');
  const rules = checkRules(req.rules as CalendarRules);
  let at = now;
  if (req.validFrom !== undefined) {
    const instant = parseInstant(req.validFrom);
    if (!instant.ok) throw new CalendarError(`validFrom: ${instant.error}`);
    if (instant.value.getTime() < EARLIEST_VALID_FROM)
      throw new CalendarError('validFrom: calendars start in the year 2000 or later');
    at = instant.value;
  }
  return {
    id: checkCalendarId(id),
    name,
    rules,
    at,
    ...(req.assignments !== undefined
      ? { assignments: [...new Set(req.assignments.map(parseAssignmentTarget))] }
      : {}),
  };
}
