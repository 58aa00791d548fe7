/** Which kind of holiday file a text is: iCalendar when it starts like one, else CSV; null when empty. */
export function holidayFileFormat(text: string): 'csv' | 'ics' | null {
  const start = text.trimStart();
  if (start === '') {
    return null;
  }
  return start.toUpperCase().startsWith('BEGIN:VCALENDAR') ? 'ics' : 'csv';
}
