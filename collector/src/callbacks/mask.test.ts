import { maskNumber } from './mask';

describe('customer number masking', () => {
  it('keeps only the last 4 digits', () => {
    expect(maskNumber('+919876541234')).toBe('••••1234');
    expect(maskNumber('+91 98765 40007')).toBe('••••0007');
  });
  it('shows nothing for a withheld number', () => {
    expect(maskNumber(null)).toBe('');
    expect(maskNumber('')).toBe('');
  });
  it('shows an erased number as its pseudonym, not digits of its hash', () => {
    expect(maskNumber('c_0123456789abcdef')).toBe('c_0123456789abcdef');
  });
});
