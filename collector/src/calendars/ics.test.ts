import { parseIcs } from './ics';

const calendar = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');
const event = (...lines: string[]) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'].join('\r\n');

describe('iCalendar holidays', () => {
  it('reads all-day events, multi-day ones as several dates, folded and escaped text', () => {
    const text = calendar(
      event('UID:1', 'DTSTART;VALUE=DATE:20260126', 'SUMMARY:Republic Day'),
      event(
        'UID:2',
        'DTSTART;VALUE=DATE:20261020',
        'DTEND;VALUE=DATE:20261022',
        'SUMMARY:Diwali\\, two days',
      ),
      event('UID:3', 'DTSTART;VALUE=DATE:20261225', 'DURATION:P1D', 'SUMMARY:Christ', ' mas'),
      event(
        'UID:4',
        'DTSTART:20260815',
        'SUMMARY:Independence Day',
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        'TRIGGER:-PT15M',
        'END:VALARM',
      ),
      event('UID:5', 'DTSTART;VALUE=DATE:20260301', 'STATUS:CANCELLED', 'SUMMARY:Called off'),
    );
    expect(parseIcs(text)).toEqual({
      errors: [],
      holidays: [
        { event: 1, date: '2026-01-26', name: 'Republic Day' },
        { event: 2, date: '2026-10-20', name: 'Diwali, two days' },
        { event: 2, date: '2026-10-21', name: 'Diwali, two days' },
        { event: 3, date: '2026-12-25', name: 'Christmas' },
        { event: 4, date: '2026-08-15', name: 'Independence Day' },
      ],
    });
  });

  it('reports what it cannot read exactly, per event', () => {
    const { errors } = parseIcs(
      calendar(
        event('DTSTART:20260126T093000Z', 'SUMMARY:Stand-up'),
        event('DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=YEARLY', 'SUMMARY:New Year'),
        event('DTSTART;VALUE=DATE:20260230', 'SUMMARY:Nope'),
        event('DTSTART;VALUE=DATE:20260105', 'DTEND;VALUE=DATE:20260105'),
        event('SUMMARY:No start'),
        event('DTSTART;VALUE=DATE:20260101', 'DTEND;VALUE=DATE:20260301'),
      ),
    );
    expect(errors).toEqual([
      'event 1 (Stand-up): DTSTART 20260126T093000Z is not a date: only all-day events (DTSTART;VALUE=DATE:YYYYMMDD) are holidays',
      'event 2 (New Year): recurring events (RRULE/RDATE) are not supported: list each date',
      'event 3 (Nope): DTSTART 20260230 is not a date: only all-day events (DTSTART;VALUE=DATE:YYYYMMDD) are holidays',
      'event 4: DTEND is not after DTSTART',
      'event 5 (No start): no DTSTART',
      'event 6: spans more than 31 days',
    ]);
  });

  it('refuses what is not a whole iCalendar file', () => {
    expect(parseIcs('date,name\n2026-01-26,Republic Day').errors).toEqual([
      'not an iCalendar file: it does not start with BEGIN:VCALENDAR',
    ]);
    expect(parseIcs('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260126').errors).toEqual([
      'the iCalendar file has no END:VCALENDAR (cut short?)',
    ]);
    expect(parseIcs(calendar()).errors).toEqual(['the iCalendar file has no VEVENT']);
    expect(parseIcs(calendar('BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20260126')).errors).toEqual([
      'event 1: no END:VEVENT',
    ]);
  });
});
