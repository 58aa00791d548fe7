import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { newDraft } from '../calendars/draft';
import { WeekHoursEditor } from './WeekHoursEditor';

function setup(problems = {}) {
  const onChange = jest.fn();
  const { week } = newDraft();
  render(
    <WeekHoursEditor
      week={{ ...week, sat: [{ from: '22:00', to: '06:00' }] }}
      problems={problems}
      onChange={onChange}
    />
  );
  return onChange;
}

describe('WeekHoursEditor', () => {
  it('shows each weekday’s ranges, closed days and overnight ranges', () => {
    setup();
    expect(screen.getByLabelText('Monday range 1 opens')).toHaveValue('09:00');
    expect(screen.getByLabelText('Friday range 1 closes')).toHaveValue('18:00');
    expect(screen.getAllByText('closed')).toHaveLength(1);
    expect(screen.getByText('overnight')).toBeInTheDocument();
  });

  it('adds, changes and removes ranges of one day, leaving the others', () => {
    const onChange = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Add hours on Sunday' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ sun: [{ from: '', to: '' }] }));
    fireEvent.change(screen.getByLabelText('Monday range 1 closes'), { target: { value: ' 13:00 ' } });
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ mon: [{ from: '09:00', to: '13:00' }], tue: [{ from: '09:00', to: '18:00' }] })
    );
    fireEvent.click(screen.getByRole('button', { name: 'Remove Saturday range 1' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ sat: [] }));
  });

  it('shows a weekday’s problems on that weekday', () => {
    setup({ tue: ['9:00–18:00: times are HH:MM from 00:00 to 24:00'] });
    expect(screen.getByText('9:00–18:00: times are HH:MM from 00:00 to 24:00')).toBeInTheDocument();
  });
});
