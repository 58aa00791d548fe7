import { fakeRuntime } from '../testing/runtime';
import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';

import { CollectorApi } from '../api';
import { draftOf, newDraft } from '../calendars/draft';
import { fakeCollector, type FakeCollector } from '../testing/fakeCollector';
import { CalendarEditForm } from './CalendarEditForm';

let collector: FakeCollector;
jest.mock('@grafana/runtime', () => fakeRuntime({ collector: () => collector }));

beforeEach(() => {
  collector = fakeCollector();
});

function renderForm(isNew = false) {
  const onSaved = jest.fn();
  const onCancel = jest.fn();
  const initial = isNew ? newDraft() : draftOf(collector.calendars[0]);
  render(
    <CalendarEditForm
      api={CollectorApi.forUid('ds1')}
      initial={initial}
      isNew={isNew}
      onSaved={onSaved}
      onCancel={onCancel}
    />
  );
  return { onSaved, onCancel };
}

const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save calendar' }));

describe('CalendarEditForm', () => {
  it('shows every problem next to its field and sends nothing', () => {
    const { onSaved } = renderForm(true);
    fireEvent.change(screen.getByLabelText(/Calendar id/), { target: { value: 'Night Shift' } });
    fireEvent.change(screen.getByLabelText(/Time zone/), { target: { value: 'India/Bangalore' } });
    fireEvent.change(screen.getByLabelText('Monday range 1 opens'), { target: { value: '9:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add holiday' }));
    fireEvent.change(screen.getByLabelText('Holiday 1 date'), { target: { value: '2026-04-14' } });
    fireEvent.change(screen.getByLabelText('Holiday 1 from'), { target: { value: '15:00' } });
    fireEvent.change(screen.getByLabelText('Holiday 1 to'), { target: { value: '12:00' } });
    const targets = screen.getByLabelText(/Applies to/);
    fireEvent.change(targets, { target: { value: 'sales' } });
    fireEvent.keyDown(targets, { key: 'Enter' });
    save();

    expect(screen.getByText('calendar id "Night Shift": use lower-case letters, digits, - and _')).toBeInTheDocument();
    expect(screen.getByText('the name is empty')).toBeInTheDocument();
    expect(screen.getByText(/unknown time zone "India\/Bangalore"/)).toBeInTheDocument();
    expect(
      within(screen.getByTestId('week-hours')).getByText('9:00–18:00: times are HH:MM from 00:00 to 24:00')
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('holidays')).getByText(
        'holiday 2026-04-14 15:00–12:00: a part of a day is HH:MM to a later HH:MM'
      )
    ).toBeInTheDocument();
    expect(screen.getByText(/"sales" is none of team:<value>/)).toBeInTheDocument();
    expect(collector.fetch).not.toHaveBeenCalled();
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('shows the collector’s refusal next to the fields it is about', async () => {
    collector.failures.set('/api/v1/calendars/support', {
      status: 409,
      data: {
        error:
          'holiday "2026-01-26" is already a holiday of calendar default; team:support is already assigned to calendar night; the calendar is being rewritten',
      },
    });
    const { onSaved } = renderForm();
    save();
    expect(
      await within(screen.getByTestId('holidays')).findByText(
        'holiday "2026-01-26" is already a holiday of calendar default'
      )
    ).toBeInTheDocument();
    expect(screen.getByText('team:support is already assigned to calendar night')).toBeInTheDocument();
    expect(screen.getByText('Calendar not saved')).toBeInTheDocument();
    expect(screen.getByText('the calendar is being rewritten')).toBeInTheDocument();
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('explains a failure that is no refusal as a whole-form error', async () => {
    collector.failures.set('/api/v1/calendars/support', { status: 502, data: {} });
    renderForm();
    save();
    expect(await screen.findByText(/cannot reach the collector \(HTTP 502\)/)).toBeInTheDocument();
  });

  it('saves a valid calendar with overnight hours and a half-day holiday, then reports its id', async () => {
    const { onSaved } = renderForm();
    fireEvent.click(screen.getByRole('button', { name: 'Add hours on Friday' }));
    fireEvent.change(screen.getByLabelText('Friday range 2 opens'), { target: { value: '20:00' } });
    fireEvent.change(screen.getByLabelText('Friday range 2 closes'), { target: { value: '02:00' } });
    expect(within(screen.getByTestId('week-hours')).getByText('overnight')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Add holiday' }));
    fireEvent.change(screen.getByLabelText('Holiday 2 date'), { target: { value: '2026-03-03' } });
    fireEvent.change(screen.getByLabelText('Holiday 2 from'), { target: { value: '13:00' } });
    save();
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('support'));
    expect(collector.calendars[0].versions[1]).toMatchObject({
      week: {
        fri: [
          { from: '09:00', to: '18:00' },
          { from: '20:00', to: '02:00' },
        ],
      },
      holidays: [
        { date: '2026-01-26', name: 'Republic Day' },
        { date: '2026-03-03', from: '13:00', to: '24:00' },
      ],
    });
  });

  it('cancels without sending', () => {
    const { onCancel } = renderForm();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalled();
    expect(collector.fetch).not.toHaveBeenCalled();
  });
});
