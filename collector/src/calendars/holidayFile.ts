import type { CalendarHoliday } from '@exowatch/contract';
import { parseCsv } from '../tags/csv';
import { calendarProblems } from './calendar';
import { MAX_HOLIDAYS } from './input';
import { parseIcs } from './ics';

/**
 * A holiday list for POST /api/v1/calendars/:id/holidays/import: a CSV (header `date,name[,from,to]`,
 * dates YYYY-MM-DD, from/to HH:MM for part of a day) or an iCalendar file of all-day events. Every
 * problem is collected; the import changes nothing unless there are none.
 */
export interface HolidayFile {
  format: 'csv' | 'ics';
  holidays: CalendarHoliday[];
  errors: string[];
}

/** An import body larger than this is refused (a few thousand holidays fit in far less). */
export const MAX_HOLIDAY_FILE_BYTES = 1024 * 1024;

const HEADERS = ['date,name', 'date,name,from,to'];

/** The problems of one holiday on its own (its date and part of a day). */
function holidayProblems(holiday: CalendarHoliday): string[] {
  return calendarProblems({ timeZone: 'UTC', week: {}, holidays: [holiday] });
}

function readCsv(text: string): HolidayFile {
  const fail = (error: string): HolidayFile => ({ format: 'csv', holidays: [], errors: [error] });
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    return fail((error as Error).message);
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  if (!HEADERS.includes(header.join(',')))
    return fail(
      `row 1: the header must be date,name or date,name,from,to (got ${JSON.stringify(header.join(',').slice(0, 60))})`,
    );
  const holidays: CalendarHoliday[] = [];
  const errors: string[] = [];
  records.slice(1).forEach((record, i) => {
    const row = i + 2;
    if (record.length !== header.length) {
      errors.push(`row ${row}: has ${record.length} fields, the header has ${header.length}`);
      return;
    }
    const [date, name, from, to] = record.map((f) => f.trim());
    if (name!.length > 100) {
      errors.push(`row ${row}: the name is longer than 100 characters`);
      return;
    }
    const holiday: CalendarHoliday = {
      date: date!,
      ...(name ? { name } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    };
    const problems = holidayProblems(holiday);
    if (problems.length > 0) errors.push(`row ${row}: ${problems.join('; ')}`);
    else holidays.push(holiday);
  });
  return { format: 'csv', holidays, errors };
}

function readIcs(text: string): HolidayFile {
  const { holidays, errors } = parseIcs(text);
  for (const h of holidays) {
    const problems = holidayProblems(h);
    if (problems.length > 0) errors.push(`event ${h.event}: ${problems.join('; ')}`);
  }
  return {
    format: 'ics',
    holidays: holidays.map(({ date, name }) => ({ date, ...(name ? { name } : {}) })),
    errors,
  };
}

/** Reads an iCalendar file (by its content type or its first line) or else a CSV. */
export function readHolidayFile(text: string, contentType = ''): HolidayFile {
  const ics = /^text\/calendar\b/i.test(contentType) || /^\uFEFF?\s*BEGIN:VCALENDAR/i.test(text);
  const file = ics ? readIcs(text) : readCsv(text);
  if (file.errors.length === 0 && file.holidays.length === 0)
    file.errors.push(`the ${file.format === 'ics' ? 'iCalendar file' : 'CSV'} lists no holidays`);
  if (file.holidays.length > MAX_HOLIDAYS)
    file.errors.push(`more than ${MAX_HOLIDAYS} holidays: split the file`);
  return file;
}
