import type {
  CalendarHoliday,
  CalendarInfo,
  CalendarOpenRange,
  CalendarWeekday,
  CalendarWriteBody,
} from '@exowatch/contract';
import { normaliseTarget } from '../tags/target';
import { timeZoneProblem, zonedMidnight } from './zone';

/**
 * A calendar as the editor holds it, and the checks it passes before anything is sent: the same
 * rules the collector applies (docs/api.md "Calendars"), each problem filed under the field it is
 * about so the editor can show it there. The collector stays the judge when the calendar is saved.
 */

export const WEEKDAYS: ReadonlyArray<{ key: CalendarWeekday; label: string }> = [
  { key: 'mon', label: 'Monday' },
  { key: 'tue', label: 'Tuesday' },
  { key: 'wed', label: 'Wednesday' },
  { key: 'thu', label: 'Thursday' },
  { key: 'fri', label: 'Friday' },
  { key: 'sat', label: 'Saturday' },
  { key: 'sun', label: 'Sunday' },
];

/** A holiday row: `from` and `to` both empty for the whole day. */
export interface HolidayDraft {
  date: string;
  name: string;
  from: string;
  to: string;
}

export interface CalendarDraft {
  id: string;
  name: string;
  timeZone: string;
  week: Record<CalendarWeekday, CalendarOpenRange[]>;
  holidays: HolidayDraft[];
  /** What the calendar applies to: `team:<value>`, an ExoPhone, `flow:<id>` or `default`. */
  targets: string[];
  /** YYYY-MM-DD: the change applies from midnight of that day in the calendar's zone; empty: now. */
  validFrom: string;
}

export type DraftField = 'id' | 'name' | 'timeZone' | CalendarWeekday | 'holidays' | 'targets' | 'validFrom' | 'form';
export type DraftProblems = Partial<Record<DraftField, string[]>>;

const ID = /^[a-z0-9_-]+$/;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TEAM = /^team:(.+)$/;

const noHours = (): Record<CalendarWeekday, CalendarOpenRange[]> => ({
  mon: [],
  tue: [],
  wed: [],
  thu: [],
  fri: [],
  sat: [],
  sun: [],
});

/** A new calendar: Monday to Friday 09:00–18:00 in India, applying to nothing yet. */
export function newDraft(): CalendarDraft {
  const office = () => [{ from: '09:00', to: '18:00' }];
  return {
    id: '',
    name: '',
    timeZone: 'Asia/Kolkata',
    week: { ...noHours(), mon: office(), tue: office(), wed: office(), thu: office(), fri: office() },
    holidays: [],
    targets: [],
    validFrom: '',
  };
}

/** The calendar's rules in force now (its last version) and the targets assigned to it now. */
export function draftOf(calendar: CalendarInfo): CalendarDraft {
  const current = calendar.versions[calendar.versions.length - 1];
  const week = noHours();
  for (const { key } of WEEKDAYS) {
    week[key] = (current?.week[key] ?? []).map((r) => ({ ...r }));
  }
  return {
    id: calendar.id,
    name: calendar.name,
    timeZone: current?.timeZone ?? '',
    week,
    holidays: (current?.holidays ?? []).map((h) => ({
      date: h.date,
      name: h.name ?? '',
      from: h.from ?? '',
      to: h.to ?? '',
    })),
    targets: calendar.assignments.filter((a) => a.validTo === null).map((a) => a.target),
    validFrom: '',
  };
}

const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) {
    return false;
  }
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** A target as the collector stores it, or null when it is none of the four kinds. */
export function normaliseCalendarTarget(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === 'default') {
    return trimmed;
  }
  const team = TEAM.exec(trimmed);
  if (team) {
    const value = team[1].trim();
    return value === '' ? null : `team:${value}`;
  }
  return normaliseTarget(trimmed);
}

function rangeProblem({ from, to }: CalendarOpenRange): string | null {
  if (!CLOCK.test(from) || !CLOCK.test(to) || from === '24:00') {
    return `${from || '?'}–${to || '?'}: times are HH:MM from 00:00 to 24:00`;
  }
  return from === to ? `${from}–${to}: an empty range (open all day is 00:00–24:00)` : null;
}

function holidayProblem(h: HolidayDraft): string | null {
  if (!isDate(h.date)) {
    return `holiday "${h.date}": dates are YYYY-MM-DD`;
  }
  if (h.from === '' && h.to === '') {
    return null;
  }
  const from = h.from || '00:00';
  const to = h.to || '24:00';
  if (!CLOCK.test(from) || !CLOCK.test(to) || from === '24:00' || minutes(to) <= minutes(from)) {
    return `holiday ${h.date} ${from}–${to}: a part of a day is HH:MM to a later HH:MM`;
  }
  return null;
}

export type DraftCheck = { ok: true; id: string; body: CalendarWriteBody } | { ok: false; problems: DraftProblems };

/** The PUT /api/v1/calendars/:id request for a draft, or every problem with it by field. */
export function checkDraft(draft: CalendarDraft): DraftCheck {
  const problems: DraftProblems = {};
  const add = (field: DraftField, problem: string | null) => {
    if (problem !== null) {
      problems[field] = [...(problems[field] ?? []), problem];
    }
  };
  add('id', ID.test(draft.id) ? null : `calendar id "${draft.id}": use lower-case letters, digits, - and _`);
  add('name', draft.name.trim() === '' ? 'the name is empty' : null);
  add('timeZone', timeZoneProblem(draft.timeZone));
  for (const { key } of WEEKDAYS) {
    draft.week[key].forEach((range) => add(key, rangeProblem(range)));
  }
  draft.holidays.forEach((h) => add('holidays', holidayProblem(h)));
  const targets: string[] = [];
  for (const text of draft.targets) {
    const target = normaliseCalendarTarget(text);
    add(
      'targets',
      target === null ? `"${text}" is none of team:<value>, an ExoPhone (+91…), flow:<id> or default` : null
    );
    if (target !== null && !targets.includes(target)) {
      targets.push(target);
    }
  }
  add('validFrom', draft.validFrom === '' || isDate(draft.validFrom) ? null : `"${draft.validFrom}" is not a date`);
  if (Object.keys(problems).length > 0) {
    return { ok: false, problems };
  }
  const week: CalendarWriteBody['rules']['week'] = {};
  for (const { key } of WEEKDAYS) {
    if (draft.week[key].length > 0) {
      week[key] = draft.week[key].map(({ from, to }) => ({ from, to }));
    }
  }
  const holidays: CalendarHoliday[] = draft.holidays.map((h) => ({
    date: h.date,
    ...(h.name.trim() !== '' ? { name: h.name.trim() } : {}),
    ...(h.from !== '' || h.to !== '' ? { from: h.from || '00:00', to: h.to || '24:00' } : {}),
  }));
  return {
    ok: true,
    id: draft.id,
    body: {
      name: draft.name.trim(),
      rules: { timeZone: draft.timeZone, week, holidays },
      ...(draft.validFrom !== '' ? { validFrom: zonedMidnight(draft.validFrom, draft.timeZone) } : {}),
      assignments: targets,
    },
  };
}

const FIELD_OF_PROBLEM: Array<[RegExp, DraftField]> = [
  [/^holiday\b/i, 'holidays'],
  [/time ?zone/i, 'timeZone'],
  [/\b(target|assign\w*|team:|flow:|default calendar)\b/i, 'targets'],
  [/\bvalid ?from\b|effective/i, 'validFrom'],
  [/\bcalendar id\b|^id\b/i, 'id'],
  [/\bname\b/i, 'name'],
];

/**
 * The collector's refusal of a calendar (one sentence per problem, joined by "; ") filed under the
 * fields the sentences are about; what matches no field goes to the form as a whole.
 */
export function placeCollectorProblems(message: string): DraftProblems {
  const problems: DraftProblems = {};
  for (const sentence of message.split(/;\s+/).filter((s) => s.trim() !== '')) {
    const day = WEEKDAYS.find(({ key }) => new RegExp(`^${key}\\b`, 'i').test(sentence))?.key;
    const field = day ?? FIELD_OF_PROBLEM.find(([pattern]) => pattern.test(sentence))?.[1] ?? 'form';
    problems[field] = [...(problems[field] ?? []), sentence];
  }
  return problems;
}
