import { phoneNumberSid, sentText, storedPhoneNumberSid, storedSentText, trunkForm } from './sentNumber';

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

describe("PhoneNumberSid, stored only when it is not the ExoPhone's text", () => {
  // The Call Details reference's PhoneNumberSid, which is where the ExoPhone is read from.
  const documented = '0XXXXXX4890';

  it("stores '' for the text the ExoPhone was read from, and gives it back", () => {
    expect(storedPhoneNumberSid(documented, documented)).toBe('');
    expect(phoneNumberSid('', documented)).toBe(documented);
  });

  it('stores any other PhoneNumberSid as sent', () => {
    // The ExoPhone read from PhoneNumber, as some third-party code sends it, beside another Sid.
    expect(storedPhoneNumberSid('XP42', '08069891522')).toBe('XP42');
    expect(phoneNumberSid('XP42', '08069891522')).toBe('XP42');
    expect(storedPhoneNumberSid('XP42', null)).toBe('XP42');
  });

  it('keeps a missing one null', () => {
    expect(storedPhoneNumberSid(null, '08069891522')).toBeNull();
    expect(phoneNumberSid(null, '08069891522')).toBeNull();
  });
});
