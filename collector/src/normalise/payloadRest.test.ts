import { CD2_CALL, V1_BULK_ENTRY, V1_CALL_DETAILS } from '../../test/fixtures/documentedCalls';
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

/**
 * Exotel's documented call (V1_CALL_DETAILS) with the fields the columns give back exactly as Exotel's
 * newer example sends them (CD2_CALL): a numeric Duration, the call's Uri, null ForwardedFrom and
 * CallerName. The changes below are made to it.
 */
const modelled: ExotelCall = {
  ...V1_CALL_DETAILS,
  Duration: 17,
  Uri: `/v1/Accounts/${V1_CALL_DETAILS.AccountSid}/Calls/${V1_CALL_DETAILS.Sid}.json`,
  ForwardedFrom: null,
  CallerName: null,
};

const roundTrip = (call: ExotelCall, options = {}) => {
  const record = normaliseCall(call, options);
  return rebuildPayload(record, splitPayload(record));
};

describe('splitPayload / rebuildPayload', () => {
  it.each([
    // The Duration text stays ("17": the column gives a number); there is no Uri, ForwardedFrom or CallerName.
    [
      "Exotel's Call details example",
      V1_CALL_DETAILS,
      { Duration: '17' },
      ['Uri', 'ForwardedFrom', 'CallerName'],
    ],
    // Price as a number, a Uri of another shape, a field exowatch does not model; no Details.
    [
      "Exotel's newer Call details example",
      CD2_CALL,
      { Price: 1.5, Uri: CD2_CALL.Uri, PreSignedRecordingUrl: CD2_CALL.PreSignedRecordingUrl },
      ['Details'],
    ],
  ] as const)('keeps only what the columns do not reproduce of %s', (_, call, rest, absent) => {
    const record = normaliseCall(call);
    expect(splitPayload(record)).toEqual({ rest, absent: absentBits([...absent]) });
    expect(roundTrip(call)).toEqual(call);
  });

  it('leaves nothing in the rest of a call the columns reproduce whole', () => {
    expect(splitPayload(normaliseCall(modelled))).toEqual({ rest: {}, absent: 0 });
    expect(roundTrip(modelled)).toEqual(modelled);
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
      ...modelled,
      Duration: '17',
      ParentCallSid: '',
      Status: ' completed',
      Uri: '/v1/Accounts/exoacct1/Calls.json/b6cfaf5f5cef3ca0fc937749ef96d245',
      Details: { ...modelled.Details!, Leg2Status: '' },
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
      const call = { ...modelled, Price: price };
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
    const { rest } = splitPayload(normaliseCall(modelled, { timeZone: 'Asia/Singapore' }));
    expect(rest).toMatchObject({ DateCreated: modelled.DateCreated, EndTime: modelled.EndTime });
    expect(roundTrip(modelled, { timeZone: 'Asia/Singapore' })).toEqual(modelled);
  });

  it('marks the fields a payload did not have, so the rebuild leaves them out', () => {
    // The documented Bulk Call Details entry has no AccountSid, no PhoneNumberSid, no Details.
    const entry = V1_BULK_ENTRY;
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
