import { findValueOptions } from './comboboxOptions';

describe('findValueOptions', () => {
  it('shows the text and uses the value, falling back to the text', () => {
    expect(
      findValueOptions([{ text: '+918045678900 (Support line, KA)', value: '+918045678900' }, { text: 'support' }])
    ).toEqual([
      { label: '+918045678900 (Support line, KA)', value: '+918045678900' },
      { label: 'support', value: 'support' },
    ]);
  });
});
