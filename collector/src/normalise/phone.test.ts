import { normalisePhone } from './phone';

describe('normalisePhone', () => {
  it.each([
    ['09901320691', '+919901320691'],
    ['08069891522', '+918069891522'],
    ['919876543210', '+919876543210'],
    ['+919876543210', '+919876543210'],
    ['00919876543210', '+919876543210'],
    ['9876543210', '+919876543210'],
    ['+91 98765 43210', '+919876543210'],
    ['098765-43210', '+919876543210'],
    ['(080) 6989 1522', '+918069891522'],
    ['011-23456789', '+911123456789'],
    ['1800-123-4567', '+9118001234567'],
    ['+14155552671', '+14155552671'],
    ['0014155552671', '+14155552671'],
    [919876543210, '+919876543210'],
  ])('%p → %p, keeping the text', (raw, e164) => {
    expect(normalisePhone(raw)).toEqual({ e164, raw: String(raw) });
  });

  it.each(['0XXXXX38847', 'anonymous', '12', '+', '+91', '0000'])(
    'keeps unplaceable %p raw with a null E.164',
    (raw) => {
      expect(normalisePhone(raw)).toEqual({ e164: null, raw });
    },
  );

  it.each([null, undefined, '', '  '])('gives nothing for %p', (raw) => {
    expect(normalisePhone(raw)).toEqual({ e164: null, raw: null });
  });

  it('handles a million numbers quickly', () => {
    const inputs = ['09901320691', '+919876543210', '919876543210', '8069891522', '1800-123-4567'];
    const started = performance.now();
    for (let i = 0; i < 1_000_000; i += 1) normalisePhone(inputs[i % inputs.length]);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
