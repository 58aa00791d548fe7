import { fireEvent, screen } from '@testing-library/react';

/**
 * Opens a combobox, types the start of an option (never the whole, so no custom-value entry matches) and
 * picks it, waiting up to 5 s for the option (its values may still be loading on a busy machine).
 */
export async function pick(testId: string, text: string) {
  const input = screen.getByTestId(testId);
  fireEvent.click(input);
  fireEvent.change(input, { target: { value: text.slice(0, -1) } });
  const options = await screen.findAllByRole(
    'option',
    { name: new RegExp(`^${text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}`) },
    { timeout: 5000 }
  );
  fireEvent.click(options[0]);
}
