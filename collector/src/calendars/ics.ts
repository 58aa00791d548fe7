/**
 * The part of iCalendar (RFC 5545) a holiday list needs: the all-day VEVENTs of a VCALENDAR, each a
 * date (DTSTART;VALUE=DATE) and an optional exclusive end date (DTEND;VALUE=DATE) or whole-day
 * DURATION, with its SUMMARY. Strict: anything this reader cannot turn into dates exactly (timed
 * events, recurrence rules) is reported against its event rather than guessed at.
 */
export interface IcsHoliday {
  /** 1-based number of the VEVENT in the file. */
  event: number;
  date: string;
  name?: string;
}

export interface IcsResult {
  holidays: IcsHoliday[];
  errors: string[];
}

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}

const DAY_MS = 86_400_000;
/** A multi-day event longer than this is more likely a mistake than a holiday. */
const MAX_EVENT_DAYS = 31;

/** `NAME;PARAM=x;PARAM="y:z":value` → its parts (a colon inside a quoted parameter value is not the separator). */
function parseLine(line: string): Property | null {
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return null;
  const [name, ...params] = line.slice(0, colon).split(';');
  return {
    name: name!.toUpperCase(),
    params: Object.fromEntries(
      params.map((p) => {
        const eq = p.indexOf('=');
        return [p.slice(0, eq).toUpperCase(), p.slice(eq + 1).replace(/^"(.*)"$/, '$1')];
      }),
    ),
    value: line.slice(colon + 1),
  };
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? ' ' : c)).trim();
}

/** `YYYYMMDD` → epoch ms of that date at UTC midnight, or null. */
function dateValue(value: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '') === value ? ms : null;
}

function eventDates(props: Property[]): { dates: number[] } | { error: string } {
  const get = (name: string) => props.find((p) => p.name === name);
  if (get('RRULE') || get('RDATE'))
    return { error: 'recurring events (RRULE/RDATE) are not supported: list each date' };
  const start = get('DTSTART');
  if (!start) return { error: 'no DTSTART' };
  const first = dateValue(start.value);
  if (first === null || (start.params.VALUE !== undefined && start.params.VALUE !== 'DATE'))
    return {
      error: `DTSTART ${start.value.slice(0, 30)} is not a date: only all-day events (DTSTART;VALUE=DATE:YYYYMMDD) are holidays`,
    };
  let end = first + DAY_MS;
  const dtend = get('DTEND');
  const duration = get('DURATION');
  if (dtend) {
    const last = dateValue(dtend.value);
    if (last === null) return { error: `DTEND ${dtend.value.slice(0, 30)} is not a date (YYYYMMDD)` };
    if (last <= first) return { error: 'DTEND is not after DTSTART' };
    end = last;
  } else if (duration) {
    const days = /^P(\d{1,3})D$/.exec(duration.value);
    if (!days || Number(days[1]) === 0)
      return { error: `DURATION ${duration.value.slice(0, 30)} is not a whole number of days (P1D)` };
    end = first + Number(days[1]) * DAY_MS;
  }
  if (end - first > MAX_EVENT_DAYS * DAY_MS) return { error: `spans more than ${MAX_EVENT_DAYS} days` };
  const dates: number[] = [];
  for (let d = first; d < end; d += DAY_MS) dates.push(d);
  return { dates };
}

export function parseIcs(text: string): IcsResult {
  // Unfold: a line starting with a space or a tab continues the previous one.
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (!/^BEGIN:VCALENDAR$/i.test(lines[0]?.trim() ?? ''))
    return { holidays: [], errors: ['not an iCalendar file: it does not start with BEGIN:VCALENDAR'] };
  if (!lines.some((l) => /^END:VCALENDAR$/i.test(l.trim())))
    return { holidays: [], errors: ['the iCalendar file has no END:VCALENDAR (cut short?)'] };
  const holidays: IcsHoliday[] = [];
  const errors: string[] = [];
  let event = 0;
  let props: Property[] | null = null;
  // Components nested in a VEVENT (VALARM) are skipped whole.
  let nested = 0;
  for (const raw of lines) {
    const prop = parseLine(raw.trim());
    if (!prop) {
      if (props) errors.push(`event ${event}: unreadable line ${JSON.stringify(raw.slice(0, 40))}`);
      continue;
    }
    if (prop.name === 'BEGIN' && prop.value.toUpperCase() === 'VEVENT' && !props) {
      event++;
      props = [];
    } else if (props && prop.name === 'BEGIN') nested++;
    else if (props && nested > 0) {
      if (prop.name === 'END') nested--;
    } else if (props && prop.name === 'END' && prop.value.toUpperCase() === 'VEVENT') {
      const summary = props.find((p) => p.name === 'SUMMARY');
      const name = summary ? unescapeText(summary.value).slice(0, 100) : '';
      const status = props.find((p) => p.name === 'STATUS')?.value.toUpperCase();
      if (status !== 'CANCELLED') {
        const result = eventDates(props);
        if ('error' in result)
          errors.push(`event ${event}${name ? ` (${name.slice(0, 40)})` : ''}: ${result.error}`);
        else
          for (const d of result.dates)
            holidays.push({ event, date: new Date(d).toISOString().slice(0, 10), ...(name ? { name } : {}) });
      }
      props = null;
    } else if (props) props.push(prop);
  }
  if (props) errors.push(`event ${event}: no END:VEVENT`);
  if (event === 0) errors.push('the iCalendar file has no VEVENT');
  return { holidays, errors };
}
