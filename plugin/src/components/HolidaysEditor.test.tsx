import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { HolidaysEditor } from './HolidaysEditor';

const HOLIDAYS = [
  { date: '2026-01-26', name: 'Republic Day', from: '', to: '' },
  { date: '2026-03-03', name: 'Holi', from: '13:00', to: '24:00' },
];

function setup(problems?: string[]) {
  const onChange = jest.fn();
  render(<HolidaysEditor holidays={HOLIDAYS} problems={problems} onChange={onChange} />);
  return onChange;
}

describe('HolidaysEditor', () => {
  it('shows whole-day and partial holidays', () => {
    setup();
    expect(screen.getByLabelText('Holiday 1 name')).toHaveValue('Republic Day');
    expect(screen.getByLabelText('Holiday 1 from')).toHaveValue('');
    expect(screen.getByLabelText('Holiday 2 from')).toHaveValue('13:00');
  });

  it('adds, changes and removes holidays', () => {
    const onChange = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Add holiday' }));
    expect(onChange).toHaveBeenLastCalledWith([...HOLIDAYS, { date: '', name: '', from: '', to: '' }]);
    fireEvent.change(screen.getByLabelText('Holiday 2 to'), { target: { value: '18:00' } });
    expect(onChange).toHaveBeenLastCalledWith([HOLIDAYS[0], { ...HOLIDAYS[1], to: '18:00' }]);
    fireEvent.click(screen.getByRole('button', { name: 'Remove holiday 1' }));
    expect(onChange).toHaveBeenLastCalledWith([HOLIDAYS[1]]);
  });

  it('shows the problems under the list', () => {
    setup(['holiday "2026-02-30": dates are YYYY-MM-DD']);
    expect(screen.getByText('holiday "2026-02-30": dates are YYYY-MM-DD')).toBeInTheDocument();
  });
});
