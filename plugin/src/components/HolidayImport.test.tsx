import { fakeRuntime } from '../testing/runtime';
import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { CollectorApi } from '../api';
import { fakeCollector, type FakeCollector } from '../testing/fakeCollector';
import { HolidayImport } from './HolidayImport';

let collector: FakeCollector;
jest.mock('@grafana/runtime', () => fakeRuntime({ collector: () => collector }));

const IMPORT_URL = '/api/datasources/proxy/uid/ds1/admin/api/v1/calendars/support/holidays/import';

beforeEach(() => {
  collector = fakeCollector();
});

function setup() {
  const onImported = jest.fn();
  render(
    <HolidayImport api={CollectorApi.forUid('ds1')} calendarId="support" onImported={onImported} onClose={jest.fn()} />
  );
  return onImported;
}

const importText = (text: string) => {
  fireEvent.change(screen.getByLabelText('Holiday file'), { target: { value: text } });
  fireEvent.click(screen.getByRole('button', { name: 'Import holidays' }));
};

describe('HolidayImport', () => {
  it('sends an iCalendar file as text/calendar and reports what was added', async () => {
    const onImported = setup();
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20260815',
      'SUMMARY:Independence Day',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20260126',
      'SUMMARY:Republic Day',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\n');
    importText(ics);
    expect(await screen.findByText('Added 1 holiday(s); support now has 2')).toBeInTheDocument();
    expect(collector.fetch).toHaveBeenCalledWith(
      expect.objectContaining({ url: IMPORT_URL, data: ics, headers: { 'Content-Type': 'text/calendar' } })
    );
    expect(collector.calendars[0].versions[0].holidays).toContainEqual({
      date: '2026-08-15',
      name: 'Independence Day',
    });
    expect(onImported).toHaveBeenCalled();
  });

  it('refuses an empty file without calling the collector', () => {
    const onImported = setup();
    importText('  \n');
    expect(screen.getByText('paste or drop a CSV or .ics file first')).toBeInTheDocument();
    expect(collector.fetch).not.toHaveBeenCalled();
    expect(onImported).not.toHaveBeenCalled();
  });

  it('shows the collector’s refusal and changes nothing', async () => {
    const onImported = setup();
    importText('date,name\n26/01/2026,Republic Day\n');
    expect(await screen.findByText('Holidays not imported')).toBeInTheDocument();
    expect(screen.getByText('row 2: "26/01/2026" is not a date (YYYY-MM-DD)')).toBeInTheDocument();
    expect(collector.calendars[0].versions[0].holidays).toHaveLength(1);
    expect(onImported).not.toHaveBeenCalled();
  });
});
