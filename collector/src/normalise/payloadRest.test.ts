import type { ExotelCall } from '../exotel/types';
import { resolveOptions } from '../simulator/options';
import { SimulatedAccount } from '../simulator/simulated-account';
import { SLOT_MS } from '../simulator/traffic';
import { normaliseCall } from './call';
import { REBUILT_FIELDS } from '../store/migrations/017_compact_calls';
import { absentBits, DERIVED_FIELDS, istText, priceText, rebuildPayload, splitPayload } from './payloadRest';

/** Every quirk the simulator shows: provisional and settled, details or not, string/number values. */
function simulatorCalls(): ExotelCall[] {
  const sim = new SimulatedAccount(
    resolveOptions({ callsPerDay: 5000, provisionalStatusFraction: 0.5, accountSid: 'acme' }),
  );
  const slot = Math.floor(Date.parse('2025-02-03T06:00:00Z') / SLOT_MS);
  const calls = [];
  for (let s = slot; s < slot + 30; s++) calls.push(...sim.traffic.slotCalls(s));
  return calls.flatMap((call) => [
    sim.renderer.render(call, call.endMs, false),
    sim.renderer.render(call, call.endMs, true),
    sim.renderer.render(call, call.settledMs, true),
  ]);
}

/** Shaped like Exotel's documented Call (developer.exotel.com/docs/voice-v1/api-reference/call-details). */
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
  Duration: 17,
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
};

const roundTrip = (call: ExotelCall, options = {}) => {
  const record = normaliseCall(call, options);
  return rebuildPayload(record, splitPayload(record));
};

describe('splitPayload / rebuildPayload', () => {
  it('keeps only what the columns do not reproduce of a documented call', () => {
    const record = normaliseCall(documented);
    expect(splitPayload(record)).toEqual({ rest: {}, absent: absentBits(['ForwardedFrom', 'CallerName']) });
    expect(roundTrip(documented)).toEqual(documented);
  });

  it('gives back every simulated call exactly, with its quirks', () => {
    const calls = simulatorCalls();
    expect(calls.length).toBeGreaterThan(300);
    for (const call of calls) expect(roundTrip(call)).toEqual(call);
    // The quirks are there: string and number durations, '' pending values, the EndTime placeholder.
    const durations = new Set(calls.map((c) => typeof c.Duration));
    expect(durations).toEqual(new Set(['string', 'number', 'object']));
    expect(calls.some((c) => c.Price === '')).toBe(true);
    expect(calls.some((c) => c.EndTime === '1970-01-01 05:30:00')).toBe(true);
  });

  it('keeps in the rest what a column holds in another form', () => {
    const call: ExotelCall = {
      ...documented,
      Duration: '17',
      ParentCallSid: '',
      Status: ' completed',
      Uri: '/v1/Accounts/exoacct1/Calls.json/b6cfaf5f5cef3ca0fc937749ef96d245',
      Details: { ...documented.Details!, Leg2Status: '' },
    };
    const { rest } = splitPayload(normaliseCall(call));
    expect(rest).toEqual({
      Duration: '17',
      ParentCallSid: '',
      Status: ' completed',
      Uri: call.Uri,
      Details: call.Details,
    });
    expect(roundTrip(call)).toEqual(call);
  });

  it.each([1.5, '1.5', '1.2345', ' 1.500', '1.23456'])(
    'keeps a Price sent as %j, not the text of three decimals',
    (price) => {
      const call = { ...documented, Price: price };
      expect(splitPayload(normaliseCall(call)).rest).toEqual({ Price: price });
      expect(roundTrip(call)).toEqual(call);
    },
  );

  it('writes the price as Exotel does, three decimals, never rounded', () => {
    expect(priceText('1.5')).toBe('1.500');
    expect(priceText('-0.25')).toBe('-0.250');
    expect(priceText('12')).toBe('12.000');
    expect(priceText('1.234')).toBe('1.234');
    expect(priceText('1.2345')).toBeNull();
    expect(priceText(null)).toBeNull();
  });

  it('keeps times read in another zone, which the IST text would not give back', () => {
    const { rest } = splitPayload(normaliseCall(documented, { timeZone: 'Asia/Singapore' }));
    expect(rest).toMatchObject({ DateCreated: '2017-03-03 10:48:33', EndTime: '2017-03-03 10:48:50' });
    expect(roundTrip(documented, { timeZone: 'Asia/Singapore' })).toEqual(documented);
  });

  it('marks the fields a payload did not have, so the rebuild leaves them out', () => {
    // The documented Bulk Call Details entry has no AccountSid, no PhoneNumberSid, no Details.
    const entry = {
      Sid: 'c5797dcbaaeed7678c4062a4a3ed2f8a',
      DateCreated: '2019-12-03 10:48:33',
      Status: 'completed',
      Duration: '45',
      Price: '1.500',
      Direction: 'outbound-api',
      To: '0XXXXX38847',
      From: '0XXXXX30240',
      RecordingUrl: 'https://...',
    } as unknown as ExotelCall;
    const record = normaliseCall(entry, { accountSid: 'acme' });
    const { absent } = splitPayload(record);
    expect(absent & absentBits(['AccountSid', 'PhoneNumberSid', 'Details', 'Uri'])).toBe(
      absentBits(['AccountSid', 'PhoneNumberSid', 'Details', 'Uri']),
    );
    expect(roundTrip(entry, { accountSid: 'acme' })).toEqual(entry);
  });

  it('writes IST text only for whole seconds', () => {
    expect(istText(new Date('2017-03-03T05:18:33Z'))).toBe('2017-03-03 10:48:33');
    expect(istText(new Date('1970-01-01T00:00:00Z'))).toBe('1970-01-01 05:30:00');
    expect(istText(new Date('2017-03-03T05:18:33.250Z'))).toBeUndefined();
  });
});

describe('the SQL rebuild of migration 017', () => {
  it('gives the fields the same bits', () => {
    expect(REBUILT_FIELDS).toEqual(DERIVED_FIELDS.map(([name]) => name));
  });
});
