import React, { useState } from 'react';
import { Button, ConfirmModal, IconButton, LoadingPlaceholder, Stack, Tag, Text, useStyles2 } from '@grafana/ui';

import type { CalendarInfo } from '@exowatch/contract';
import type { CollectorApi } from '../api';
import { draftOf, newDraft, WEEKDAYS } from '../calendars/draft';
import { describeError } from '../errors';
import { showInstant } from '../tags/dates';
import { AdminMessages, useAdminData } from './adminPage';
import { CalendarEditForm } from './CalendarEditForm';
import { HolidayImport } from './HolidayImport';
import { getTableStyles } from './tableStyles';

interface Props {
  api: CollectorApi;
}

type Panel = { kind: 'edit'; calendar?: CalendarInfo } | { kind: 'import'; calendar: CalendarInfo } | { kind: 'none' };

/** "Mon 09:00–13:00, 14:00–18:00 · Fri 09:00–18:00" for the calendar's rules in force now. */
function openingHours(calendar: CalendarInfo): string {
  const current = calendar.versions[calendar.versions.length - 1];
  const days = WEEKDAYS.filter(({ key }) => (current?.week[key] ?? []).length > 0).map(
    ({ key, label }) => `${label.slice(0, 3)} ${current!.week[key]!.map((r) => `${r.from}–${r.to}`).join(', ')}`
  );
  return days.length > 0 ? days.join(' · ') : 'never open';
}

async function loadCalendars(api: CollectorApi): Promise<CalendarInfo[]> {
  return [...(await api.calendars())].sort((a, b) => a.id.localeCompare(b.id));
}

const describeLoadFailure = (e: unknown) => `cannot load the calendars: ${describeError(e)}`;

/** The business calendars page: every calendar with its hours and targets; add, edit, delete, import holidays. */
export function CalendarAdmin({ api }: Props) {
  const styles = useStyles2(getTableStyles);
  const admin = useAdminData(api, loadCalendars, describeLoadFailure);
  const { data: calendars, error, setError, setNotice, reload: load } = admin;
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [deleting, setDeleting] = useState<CalendarInfo>();

  const done = (message: string) => {
    setPanel({ kind: 'none' });
    setNotice(message);
    load();
  };
  const remove = async (calendar: CalendarInfo) => {
    setDeleting(undefined);
    try {
      await api.deleteCalendar(calendar.id);
      done(`Deleted calendar ${calendar.id}`);
    } catch (e) {
      setError(`cannot delete calendar ${calendar.id}: ${describeError(e)}`);
    }
  };

  return (
    <div data-testid="calendar-admin">
      <Stack direction="column" gap={2}>
        <Text color="secondary">
          Business calendars say when a team, flow or ExoPhone is open: the period dimension of every call metric
          (business hours, after hours, holiday) and the callback windows come from them. A call takes its team&apos;s
          calendar, else its flow&apos;s, else its ExoPhone&apos;s, else the default one; without any calendar every
          hour counts as business hours. A change applies from its effective-from date; earlier figures keep the old
          hours.
        </Text>
        <Stack gap={1}>
          <Button icon="plus" onClick={() => setPanel({ kind: 'edit' })}>
            Add calendar
          </Button>
          <IconButton name="sync" tooltip="Reload calendars" onClick={load} />
        </Stack>
        <AdminMessages {...admin} />
        {panel.kind === 'edit' && (
          <CalendarEditForm
            key={panel.calendar?.id ?? ''}
            api={api}
            initial={panel.calendar ? draftOf(panel.calendar) : newDraft()}
            isNew={!panel.calendar}
            onSaved={(id) => done(`Calendar ${id} saved`)}
            onCancel={() => setPanel({ kind: 'none' })}
          />
        )}
        {panel.kind === 'import' && (
          <HolidayImport
            api={api}
            calendarId={panel.calendar.id}
            onImported={load}
            onClose={() => setPanel({ kind: 'none' })}
          />
        )}
        {!calendars && !error && <LoadingPlaceholder text="Loading calendars…" />}
        {calendars && calendars.length === 0 && (
          <Text color="secondary">No calendars yet: every hour counts as business hours.</Text>
        )}
        {calendars && calendars.length > 0 && (
          <table className={styles.table} data-testid="calendar-table">
            <thead>
              <tr>
                <th>Calendar</th>
                <th>Time zone</th>
                <th>Open</th>
                <th>Holidays</th>
                <th>Applies to</th>
                <th>In force since</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {calendars.map((c) => {
                const current = c.versions[c.versions.length - 1];
                return (
                  <tr key={c.id} data-testid={`calendar-${c.id}`}>
                    <td>
                      {c.name} <Text color="secondary">({c.id})</Text>
                    </td>
                    <td>{current?.timeZone}</td>
                    <td>{openingHours(c)}</td>
                    <td>{current?.holidays.length ?? 0}</td>
                    <td>
                      <Stack gap={0.5} wrap="wrap">
                        {c.assignments
                          .filter((a) => a.validTo === null)
                          .map((a) => (
                            <Tag key={a.target} name={a.target} colorIndex={1} />
                          ))}
                      </Stack>
                    </td>
                    <td>{showInstant(current?.validFrom ?? null)}</td>
                    <td>
                      <Stack gap={0.5}>
                        <IconButton
                          name="pen"
                          aria-label={`Edit calendar ${c.id}`}
                          onClick={() => setPanel({ kind: 'edit', calendar: c })}
                        />
                        <IconButton
                          name="upload"
                          aria-label={`Import holidays into ${c.id}`}
                          onClick={() => setPanel({ kind: 'import', calendar: c })}
                        />
                        <IconButton
                          name="trash-alt"
                          aria-label={`Delete calendar ${c.id}`}
                          onClick={() => setDeleting(c)}
                        />
                      </Stack>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Stack>
      <ConfirmModal
        isOpen={!!deleting}
        title="Delete calendar"
        body={
          deleting
            ? `Delete calendar ${deleting.id}? Its targets fall back to the next calendar that applies (team, flow, ExoPhone, default), or to 24×7 business hours.`
            : ''
        }
        confirmText="Delete"
        onConfirm={() => deleting && remove(deleting)}
        onDismiss={() => setDeleting(undefined)}
      />
    </div>
  );
}
