import type { ExotelCall } from '../exotel/types';
import { normaliseCall, normaliseCalls } from './call';
import { NormaliseError } from './errors';

/** Shaped like the D-v1cd example: strings everywhere, IST times, national-format numbers. */
const documented: ExotelCall = {
  Sid: 'b6cfaf5f5cef3ca0fc937749ef96d245',
  ParentCallSid: null,
  DateCreated: '2017-03-03 10:48:33',
  DateUpdated: '2017-03-03 10:49:02',
  AccountSid: 'exoacct1',
  To: '0XXXXX38847',
  From: '09901320691',
  PhoneNumberSid: '08069891522',
  Status: 'completed',
  StartTime: '2017-03-03 10:48:33',
  EndTime: '2017-03-03 10:48:50',
  Duration: '17',
  Price: '1.500',
  Direction: 'inbound',
  AnsweredBy: null,
  RecordingUrl: 'https://s3-ap-southeast-1.amazonaws.com/exotelrecordings/a.mp3',
  Uri: '/v1/Accounts/exoacct1/Calls/b6cfaf5f5cef3ca0fc937749ef96d245.json',
  Details: {
    ConversationDuration: 12,
    Leg1Status: 'completed',
    Leg2Status: 'completed',
    Legs: [{ Leg: { Id: 1, OnCallDuration: 21 } }, { Leg: { Id: 2, OnCallDuration: 12 } }],
  },
  CustomField: 'order-42',
};

describe('normaliseCall', () => {
  it('maps a documented record to the stored row', () => {
    expect(normaliseCall(documented)).toEqual({
      sid: 'b6cfaf5f5cef3ca0fc937749ef96d245',
      accountSid: 'exoacct1',
      parentCallSid: null,
      dateCreated: new Date('2017-03-03T05:18:33Z'),
      dateUpdated: new Date('2017-03-03T05:19:02Z'),
      toNumber: null,
      toRaw: '0XXXXX38847',
      fromNumber: '+919901320691',
      fromRaw: '09901320691',
      phoneNumber: '+918069891522',
      phoneNumberRaw: '08069891522',
      phoneNumberSid: '08069891522',
      status: 'completed',
      startTime: new Date('2017-03-03T05:18:33Z'),
      endTime: new Date('2017-03-03T05:18:50Z'),
      duration: 17,
      price: '1.5',
      direction: 'inbound',
      answeredBy: null,
      uri: '/v1/Accounts/exoacct1/Calls/b6cfaf5f5cef3ca0fc937749ef96d245.json',
      recordingUrl: 'https://s3-ap-southeast-1.amazonaws.com/exotelrecordings/a.mp3',
      conversationDuration: 12,
      leg1Status: 'completed',
      leg2Status: 'completed',
      legs: [{ Leg: { Id: 1, OnCallDuration: 21 } }, { Leg: { Id: 2, OnCallDuration: 12 } }],
      raw: documented,
    });
  });

  it('reads numeric fields and leaves unsettled ones null', () => {
    const record = normaliseCall({
      Sid: 's1',
      AccountSid: 'a',
      DateCreated: '2026-06-01 00:00:05',
      Duration: 283,
      Price: '',
      EndTime: '0000-00-00 00:00:00',
      To: '+919876543210',
      Details: null,
    });
    expect(record).toMatchObject({
      dateCreated: new Date('2026-05-31T18:30:05Z'),
      duration: 283,
      price: null,
      endTime: null,
      toNumber: '+919876543210',
      conversationDuration: null,
      leg1Status: null,
      legs: null,
    });
  });

  describe('the ExoPhone', () => {
    // https://developer.exotel.com/docs/voice-v1/api-reference/call-details: "PhoneNumberSid": "0XXXXXX4890"
    // (masked in the docs); a real published response has "PhoneNumberSid": "09513886363" (exotel-api.md §1.4).
    const exophone = (fields: Partial<ExotelCall>) => {
      const { phoneNumber, phoneNumberRaw, phoneNumberSid } = normaliseCall({ ...documented, ...fields });
      return { phoneNumber, phoneNumberRaw, phoneNumberSid };
    };

    it('is the number in PhoneNumberSid, in E.164', () => {
      expect(exophone({ PhoneNumberSid: '09513886363' })).toEqual({
        phoneNumber: '+919513886363',
        phoneNumberRaw: '09513886363',
        phoneNumberSid: '09513886363',
      });
    });

    it('prefers PhoneNumberSid over a PhoneNumber some integrations read', () => {
      expect(exophone({ PhoneNumberSid: '09513886363', PhoneNumber: '08069891522' }).phoneNumber).toBe(
        '+919513886363',
      );
    });

    it('falls back to PhoneNumber when PhoneNumberSid is not a number', () => {
      expect(exophone({ PhoneNumberSid: '0XXXXXX4890', PhoneNumber: '+91 80 6989 1522' })).toEqual({
        phoneNumber: '+918069891522',
        phoneNumberRaw: '+91 80 6989 1522',
        phoneNumberSid: '0XXXXXX4890',
      });
      expect(exophone({ PhoneNumberSid: null, PhoneNumber: '08069891522' }).phoneNumber).toBe(
        '+918069891522',
      );
    });

    it('keeps the masked text with no E.164 when nothing places the number', () => {
      expect(exophone({ PhoneNumberSid: '0XXXXXX4890' })).toEqual({
        phoneNumber: null,
        phoneNumberRaw: '0XXXXXX4890',
        phoneNumberSid: '0XXXXXX4890',
      });
      expect(exophone({ PhoneNumberSid: undefined })).toEqual({
        phoneNumber: null,
        phoneNumberRaw: null,
        phoneNumberSid: null,
      });
    });
  });

  it('takes the listed account for a record without AccountSid, as the documented bulk example is', () => {
    const { AccountSid: _omitted, ...bulkEntry } = documented;
    expect(normaliseCall(bulkEntry as ExotelCall, { accountSid: 'acme' }).accountSid).toBe('acme');
    expect(normaliseCall(documented, { accountSid: 'acme' }).accountSid).toBe('exoacct1');
    expect(() => normaliseCall(bulkEntry as ExotelCall)).toThrow(/AccountSid: missing/);
  });

  it('uses the given time zone', () => {
    const record = normaliseCall(
      { Sid: 's', AccountSid: 'a', DateCreated: '2026-06-01 08:00:00' },
      { timeZone: 'Asia/Singapore' },
    );
    expect(record.dateCreated.toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });

  it('keeps an unreadable optional time as null instead of dropping the call', () => {
    expect(normaliseCall({ ...documented, StartTime: 'soon' }).startTime).toBeNull();
  });

  it.each([
    [{ ...documented, Sid: '' }, /^Sid: missing/],
    [{ ...documented, DateCreated: '03/03/2017 10:48' }, /^call b6cf\w+: DateCreated: expected/],
    [{ ...documented, DateCreated: '0000-00-00 00:00:00' }, /^call b6cf\w+: DateCreated: missing/],
    [{ ...documented, Price: 'free' }, /^call b6cf\w+: Price: /],
    [{ ...documented, Details: { ConversationDuration: 'x' } }, /Details\.ConversationDuration/],
  ])('throws a NormaliseError naming the field (%#)', (call, message) => {
    expect(() => normaliseCall(call)).toThrow(NormaliseError);
    expect(() => normaliseCall(call)).toThrow(message);
  });

  it('refuses an unknown time zone', () => {
    expect(() => normaliseCall(documented, { timeZone: 'India/Mumbai' })).toThrow(
      /Unknown time zone "India\/Mumbai"/,
    );
  });
});

describe('normaliseCalls', () => {
  it('keeps good records and reports bad ones with their position', () => {
    const bad = { ...documented, Sid: 'bad1', Duration: '-1' };
    const batch = normaliseCalls([documented, bad, { ...documented, Sid: 'ok2' }]);
    expect(batch.records.map((r) => r.sid)).toEqual(['b6cfaf5f5cef3ca0fc937749ef96d245', 'ok2']);
    expect(batch.rejected).toHaveLength(1);
    expect(batch.rejected[0]).toMatchObject({ index: 1, sid: 'bad1', error: { field: 'Duration' } });
  });
});
