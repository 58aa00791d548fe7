import React, { useState } from 'react';
import { Alert, Button } from '@grafana/ui';

import type { CollectorApi } from '../api';
import { holidayFileFormat } from '../calendars/holidayFile';
import { describeError } from '../errors';
import { FileImportForm, type ImportedFile } from './FileImportForm';

interface Props {
  api: CollectorApi;
  calendarId: string;
  onImported: () => void;
  onClose: () => void;
}

const HOLIDAY_FILE: ImportedFile = {
  description:
    'A CSV with columns date,name and optionally from,to (a part of the day), or an iCalendar file (.ics) such as a public-holiday calendar export. Dates already in the calendar are kept as they are.',
  accept: { 'text/csv': ['.csv'], 'text/calendar': ['.ics', '.ical'] },
  label: 'Holiday file',
  example: 'date,name,from,to\n2026-01-26,Republic Day,,\n2026-03-03,Holi (afternoon),13:00,24:00\n',
};

/**
 * Adds holidays to a calendar from a CSV (`date,name[,from,to]`) or an iCalendar (.ics) file, pasted or
 * dropped; the collector adds the dates the calendar does not have yet and keeps the others as they are.
 */
export function HolidayImport({ api, calendarId, onImported, onClose }: Props) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ ok: boolean; message: string }>();
  const [busy, setBusy] = useState(false);

  const edit = (value: string) => {
    setText(value);
    setResult(undefined);
  };
  const submit = async () => {
    const format = holidayFileFormat(text);
    if (format === null) {
      setResult({ ok: false, message: 'paste or drop a CSV or .ics file first' });
      return;
    }
    setBusy(true);
    try {
      const { added, holidays } = await api.importHolidays(calendarId, text, format);
      setResult({ ok: true, message: `Added ${added} holiday(s); ${calendarId} now has ${holidays.length}` });
      onImported();
    } catch (e) {
      setResult({ ok: false, message: describeError(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <FileImportForm
      testId="holiday-import"
      title={`Import holidays into ${calendarId}`}
      file={HOLIDAY_FILE}
      text={text}
      onFile={edit}
      onEdit={edit}
      onClose={onClose}
    >
      <div>
        <Button onClick={submit} disabled={busy} icon={busy ? 'spinner' : 'upload'}>
          Import holidays
        </Button>
      </div>
      {result && (
        <Alert severity={result.ok ? 'success' : 'error'} title={result.ok ? result.message : 'Holidays not imported'}>
          {result.ok ? undefined : result.message}
        </Alert>
      )}
    </FileImportForm>
  );
}
