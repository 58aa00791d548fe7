import { readHolidayFile } from './holidayFile';

describe('holiday files', () => {
  it('reads a CSV of whole and partial days', () => {
    const csv =
      'date,name,from,to\r\n2026-01-26,Republic Day,,\r\n2026-12-24,"Christmas Eve, afternoon",14:00,24:00\r\n';
    expect(readHolidayFile(csv, 'text/csv')).toEqual({
      format: 'csv',
      errors: [],
      holidays: [
        { date: '2026-01-26', name: 'Republic Day' },
        { date: '2026-12-24', name: 'Christmas Eve, afternoon', from: '14:00', to: '24:00' },
      ],
    });
    expect(readHolidayFile('date,name\n2026-08-15,\n').holidays).toEqual([{ date: '2026-08-15' }]);
  });

  it('names every bad row of a CSV', () => {
    const csv = [
      'date,name,from,to',
      '26/01/2026,Republic Day,,',
      '2026-12-24,Eve,18:00,14:00',
      '2026-12-31,x',
    ].join('\n');
    expect(readHolidayFile(csv).errors).toEqual([
      'row 2: holiday "26/01/2026": dates are YYYY-MM-DD',
      'row 3: holiday 2026-12-24 18:00–14:00: a part of a day is HH:MM to a later HH:MM',
      'row 4: has 2 fields, the header has 4',
    ]);
    expect(readHolidayFile('day,title\n2026-01-26,x').errors).toEqual([
      'row 1: the header must be date,name or date,name,from,to (got "day,title")',
    ]);
    expect(readHolidayFile('date,name\n').errors).toEqual(['the CSV lists no holidays']);
    expect(readHolidayFile('date,name\n"2026-01-26,x').errors).toEqual(['line 2: unterminated quoted field']);
  });

  it('reads iCalendar by its content type or its first line', () => {
    const ics =
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260126\r\nSUMMARY:R\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    expect(readHolidayFile(ics)).toEqual({
      format: 'ics',
      errors: [],
      holidays: [{ date: '2026-01-26', name: 'R' }],
    });
    expect(readHolidayFile('date,name', 'text/calendar; charset=utf-8').errors).toEqual([
      'not an iCalendar file: it does not start with BEGIN:VCALENDAR',
    ]);
  });
});
