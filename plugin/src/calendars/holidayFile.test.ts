import { holidayFileFormat } from './holidayFile';

describe('holidayFileFormat', () => {
  it('tells iCalendar from CSV by its first line', () => {
    expect(holidayFileFormat('\r\nBEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe('ics');
    expect(holidayFileFormat('date,name\n2026-01-26,Republic Day\n')).toBe('csv');
    expect(holidayFileFormat(' \n ')).toBeNull();
  });
});
