import { parseDecimal, parseSeconds } from './amounts';

describe('parseSeconds', () => {
  it.each([
    ['17', 17],
    [283, 283],
    [' 0 ', 0],
    ['17.0', 17],
    ['', null],
    [null, null],
    [undefined, null],
  ])('%p → %p', (value, expected) => expect(parseSeconds(value, 'Duration')).toBe(expected));

  it.each(['17s', '-3', '1.5', 'abc', '0x10', '1e3', NaN, Infinity, true])(
    'rejects %p naming the field',
    (value) => expect(() => parseSeconds(value, 'Duration')).toThrow(/^Duration: /),
  );
});

describe('parseDecimal', () => {
  it.each([
    ['1.500', '1.5'],
    [1.5, '1.5'],
    ['0.000', '0'],
    [0, '0'],
    ['.5', '0.5'],
    ['007.10', '7.1'],
    ['-0.60', '-0.6'],
    ['-0.00', '0'],
    ['2', '2'],
    ['3.', '3'],
    [1e-7, '0.0000001'],
    ['', null],
    [null, null],
  ])('%p → %p', (value, expected) => expect(parseDecimal(value, 'Price')).toBe(expected));

  it.each(['1,50', '₹1.50', 'INR 1.5', '1.2.3', '.', '-', '1e3', 'NaN', NaN, Infinity, {}])(
    'rejects %p naming the field',
    (value) => expect(() => parseDecimal(value, 'Price')).toThrow(/^Price: /),
  );
});
