import { fakeRuntime } from '../testing/runtime';
import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';

import { CollectorApi } from '../api';
import { fakeCollector, type FakeCollector } from '../testing/fakeCollector';
import { CalendarAdmin } from './CalendarAdmin';

let collector: FakeCollector;
jest.mock('@grafana/runtime', () => fakeRuntime({ collector: () => collector }));

const ADMIN = '/api/datasources/proxy/uid/ds1/admin/api/v1/calendars';

beforeEach(() => {
  collector = fakeCollector();
});

async function renderAdmin() {
  render(<CalendarAdmin api={CollectorApi.forUid('ds1')} />);
  return screen.findByTestId('calendar-support');
}

const writes = () => collector.fetch.mock.calls.map(([r]) => r).filter((r) => (r.method ?? 'GET') !== 'GET');

describe('calendar admin page', () => {
  it('lists calendars with their hours and targets, read through the viewer route', async () => {
    const row = await renderAdmin();
    expect(row).toHaveTextContent('Support desk');
    expect(row).toHaveTextContent('Asia/Kolkata');
    expect(row).toHaveTextContent('Mon 09:00–13:00, 14:00–18:00 · Fri 09:00–18:00');
    expect(within(row).getByText('team:support')).toBeInTheDocument();
    expect(collector.fetch).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/api/datasources/proxy/uid/ds1/collector/api/v1/calendars' })
    );
  });

  it('creates a calendar through the admin route and lists it', async () => {
    await renderAdmin();
    fireEvent.click(screen.getByRole('button', { name: 'Add calendar' }));
    const form = screen.getByTestId('calendar-edit-form');
    fireEvent.change(within(form).getByLabelText(/Calendar id/), { target: { value: 'night' } });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Night shift' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add hours on Saturday' }));
    fireEvent.change(within(form).getByLabelText('Saturday range 1 opens'), { target: { value: '22:00' } });
    fireEvent.change(within(form).getByLabelText('Saturday range 1 closes'), { target: { value: '06:00' } });
    const targets = within(form).getByLabelText(/Applies to/);
    fireEvent.change(targets, { target: { value: 'team:night' } });
    fireEvent.keyDown(targets, { key: 'Enter' });
    fireEvent.click(within(form).getByRole('button', { name: 'Save calendar' }));

    await screen.findByText('Calendar night saved');
    expect(writes()).toEqual([
      expect.objectContaining({
        url: `${ADMIN}/night`,
        method: 'PUT',
        data: expect.objectContaining({
          name: 'Night shift',
          assignments: ['team:night'],
          rules: expect.objectContaining({
            timeZone: 'Asia/Kolkata',
            week: expect.objectContaining({ sat: [{ from: '22:00', to: '06:00' }] }),
          }),
        }),
      }),
    ]);
    const row = await screen.findByTestId('calendar-night');
    expect(row).toHaveTextContent('Sat 22:00–06:00');
    expect(within(row).getByText('team:night')).toBeInTheDocument();
  });

  it('edits a calendar from an effective-from date: a new version, the old one kept', async () => {
    const row = await renderAdmin();
    fireEvent.click(within(row).getByRole('button', { name: 'Edit calendar support' }));
    const form = screen.getByTestId('calendar-edit-form');
    expect(within(form).queryByLabelText(/Calendar id/)).not.toBeInTheDocument();
    fireEvent.click(within(form).getByRole('button', { name: 'Remove Monday range 2' }));
    fireEvent.change(within(form).getByLabelText('Monday range 1 closes'), { target: { value: '18:00' } });
    fireEvent.change(within(form).getByLabelText(/Effective from/), { target: { value: '2026-04-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save calendar' }));

    await screen.findByText('Calendar support saved');
    expect(writes()[0]).toMatchObject({
      url: `${ADMIN}/support`,
      data: {
        validFrom: '2026-03-31T18:30:00.000Z',
        rules: { week: { mon: [{ from: '09:00', to: '18:00' }], fri: [{ from: '09:00', to: '18:00' }] } },
        assignments: ['team:support'],
      },
    });
    expect(collector.calendars[0].versions.map((v) => [v.validFrom, v.validTo])).toEqual([
      ['2026-01-01T00:00:00.000Z', '2026-03-31T18:30:00.000Z'],
      ['2026-03-31T18:30:00.000Z', null],
    ]);
    await waitFor(() =>
      expect(screen.getByTestId('calendar-support')).toHaveTextContent('Mon 09:00–18:00 · Fri 09:00–18:00')
    );
  });

  it('imports holidays into a calendar and shows the new count', async () => {
    const row = await renderAdmin();
    fireEvent.click(within(row).getByRole('button', { name: 'Import holidays into support' }));
    const csv = 'date,name,from,to\n2026-03-03,Holi (afternoon),13:00,24:00\n2026-01-26,Republic Day,,\n';
    fireEvent.change(screen.getByLabelText('Holiday file'), { target: { value: csv } });
    fireEvent.click(screen.getByRole('button', { name: 'Import holidays' }));

    await screen.findByText('Added 1 holiday(s); support now has 2');
    expect(writes()).toEqual([
      expect.objectContaining({
        url: `${ADMIN}/support/holidays/import`,
        method: 'POST',
        data: csv,
        headers: { 'Content-Type': 'text/csv' },
      }),
    ]);
    await waitFor(() =>
      expect(within(screen.getByTestId('calendar-support')).getAllByRole('cell')[3]).toHaveTextContent('2')
    );
  });

  it('deletes a calendar after confirmation', async () => {
    const row = await renderAdmin();
    fireEvent.click(within(row).getByRole('button', { name: 'Delete calendar support' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    await screen.findByText('Deleted calendar support');
    expect(writes()).toEqual([expect.objectContaining({ url: `${ADMIN}/support`, method: 'DELETE' })]);
    expect(await screen.findByText(/No calendars yet/)).toBeInTheDocument();
  });

  it('says clearly when the calendars cannot be loaded', async () => {
    collector.failures.set('/api/v1/calendars', { status: 502, data: { message: 'Bad Gateway' } });
    render(<CalendarAdmin api={CollectorApi.forUid('ds1')} />);
    expect(
      await screen.findByText(/cannot load the calendars: cannot reach the collector \(HTTP 502\)/)
    ).toBeInTheDocument();
  });
});
