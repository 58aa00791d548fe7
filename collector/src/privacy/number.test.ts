import {
  holdsForm,
  isPseudonym,
  parseCustomerNumber,
  PrivacyError,
  separatedPattern,
  writtenForms,
} from './number';

describe('a number in a privacy request', () => {
  it('is read in any form a user types, as the collector stores it', () => {
    for (const typed of ['+91 99013 20691', '09901320691', '9901320691', '919901320691', '0091-99013-20691'])
      expect(parseCustomerNumber(typed)).toBe('+919901320691');
    expect(parseCustomerNumber('+44 20 7946 0958')).toBe('+442079460958');
  });

  it('is refused with a message when it is no phone number', () => {
    expect(() => parseCustomerNumber('0XXXXX38847')).toThrow(PrivacyError);
    expect(() => parseCustomerNumber('')).toThrow('is not a phone number');
  });

  it('has every form Exotel writes it in, each of which reads back as the same number', () => {
    const forms = writtenForms('+919901320691');
    expect(forms).toEqual(['+919901320691', '919901320691', '00919901320691', '09901320691', '9901320691']);
    for (const form of forms) expect(parseCustomerNumber(form)).toBe('+919901320691');
    expect(writtenForms('+442079460958')).toEqual(['+442079460958', '442079460958', '00442079460958']);
  });

  it('tells a pseudonym from a number', () => {
    expect(isPseudonym('c_0123456789abcdef')).toBe(true);
    expect(isPseudonym('+919901320691')).toBe(false);
    expect(isPseudonym('c_0123')).toBe(false);
  });

  it('is found with separators between its digits, as migration 016 finds it in the database', () => {
    const forms = writtenForms('+919901320691');
    for (const text of ['call +91 99013-20691 back', '(0)99013 20691', '99.01.32.06.91', 'x09901320691y'])
      expect(holdsForm(text, forms)).toBe(true);
    for (const text of ['99013 2069', '9901320_691', '+91 99013 20692'])
      expect(holdsForm(text, forms)).toBe(false);
    expect(separatedPattern('+919901320691')?.source).toBe(
      '\\+9[ .()-]?1[ .()-]?9[ .()-]?9[ .()-]?0[ .()-]?1[ .()-]?3[ .()-]?2[ .()-]?0[ .()-]?6[ .()-]?9[ .()-]?1',
    );
    expect(separatedPattern('+91 99013 20691')).toBeNull();
  });
});
