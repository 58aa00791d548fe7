import { sentText, storedSentText, trunkForm } from './sentNumber';

describe('numbers as sent, stored only when not the trunk form', () => {
  it('gives the 0-prefixed form of an Indian number', () => {
    expect(trunkForm('+919123456789')).toBe('09123456789');
    expect(trunkForm('+18005551234')).toBeNull();
    expect(trunkForm('+910123456789')).toBeNull();
    expect(trunkForm(null)).toBeNull();
  });

  it.each([
    ['09123456789', '+919123456789', null],
    ['+919123456789', '+919123456789', '+919123456789'],
    ['9123456789', '+919123456789', '9123456789'],
    [' 09123456789', '+919123456789', ' 09123456789'],
    ['0XXXXX38847', null, '0XXXXX38847'],
    [null, null, null],
  ])('stores %j beside %j as %j and gives it back', (raw, e164, stored) => {
    expect(storedSentText(raw, e164)).toBe(stored);
    expect(sentText(storedSentText(raw, e164), e164)).toBe(raw);
  });
});
