import { resolveOptions } from './options';
import { SimulatedAccount } from './simulated-account';
import { SLOT_MS } from './traffic';
import type { SimCall } from './sim-call';

/**
 * The simulator sends nothing Exotel does not document: every field of every simulated Call appears in
 * one of these examples, transcribed field by field.
 */
const DOCUMENTED_CALL_FIELDS: Record<string, readonly string[]> = {
  // Call Details, response with details=true: https://developer.exotel.com/docs/voice-v1/api-reference/call-details
  // (the same page in GitHub rahulkumar-exo/exotel-docs, docs/voice-v1/api-reference/call-details.md).
  'developer.exotel.com/docs/voice-v1/api-reference/call-details': [
    'Sid',
    'ParentCallSid',
    'DateCreated',
    'DateUpdated',
    'AccountSid',
    'To',
    'From',
    'PhoneNumberSid',
    'Status',
    'StartTime',
    'EndTime',
    'Duration',
    'Price',
    'Direction',
    'AnsweredBy',
    'RecordingUrl',
    'Details',
  ],
  // Exotel's newer "Call Details" page, GitHub rahulkumar-exo/exotel-docs (public code index file id
  // 58562267488; exotel-api.md source D-cd2): `"Duration": 283, "Price": 1.5`.
  'rahulkumar-exo/exotel-docs Call Details (code index 58562267488)': [
    'Sid',
    'ParentCallSid',
    'DateCreated',
    'DateUpdated',
    'AccountSid',
    'To',
    'From',
    'PhoneNumberSid',
    'Status',
    'StartTime',
    'EndTime',
    'Duration',
    'Price',
    'Direction',
    'AnsweredBy',
    'ForwardedFrom',
    'CallerName',
    'Uri',
    'RecordingUrl',
    'PreSignedRecordingUrl',
  ],
  // A real published response (public code index file id 40057249458): `"PhoneNumberSid": "09513886363"`.
  'published response (code index 40057249458)': [
    'Sid',
    'ParentCallSid',
    'DateCreated',
    'DateUpdated',
    'AccountSid',
    'To',
    'From',
    'PhoneNumberSid',
    'Status',
    'StartTime',
    'EndTime',
    'Duration',
    'Price',
    'Direction',
    'AnsweredBy',
    'ForwardedFrom',
    'CallerName',
    'Uri',
    'RecordingUrl',
  ],
};

/** `Details` of developer.exotel.com/docs/voice-v1/api-reference/call-details (details=true). */
const DOCUMENTED_DETAILS_FIELDS = ['ConversationDuration', 'Leg1Status', 'Leg2Status', 'Legs'];
/** Each entry of `Details.Legs` there: `{"Leg": {"Id": 1, "OnCallDuration": 21}}`. */
const DOCUMENTED_LEG_FIELDS = ['Id', 'OnCallDuration'];

const documented = new Set(Object.values(DOCUMENTED_CALL_FIELDS).flat());

const sim = new SimulatedAccount(resolveOptions({ callsPerDay: 5000, provisionalStatusFraction: 0.5 }));
const slot = Math.floor(Date.parse('2025-02-03T06:00:00Z') / SLOT_MS);
const calls: SimCall[] = [];
for (let s = slot; s < slot + 60; s++) calls.push(...sim.traffic.slotCalls(s));

/** Every way a call is shown: provisional and settled, with and without details, and the ground truth. */
const shown = calls.flatMap((call) => [
  sim.renderer.render(call, call.endMs, false),
  sim.renderer.render(call, call.endMs, true),
  sim.renderer.render(call, call.settledMs, false),
  sim.renderer.render(call, call.settledMs, true),
  sim.renderer.renderFinal(call),
]);

describe('simulated calls against the documented Call examples', () => {
  it('covers many calls of every kind', () => {
    expect(calls.length).toBeGreaterThan(100);
    expect(new Set(calls.map((c) => c.direction))).toEqual(
      new Set(['inbound', 'outbound-api', 'outbound-dial']),
    );
  });

  it('sends only fields a documented example has', () => {
    const undocumented = new Set(
      shown.flatMap((call) => Object.keys(call)).filter((f) => !documented.has(f)),
    );
    expect([...undocumented]).toEqual([]);
  });

  it('sends only documented Details and Legs fields', () => {
    for (const call of shown) {
      if (!call.Details) continue;
      expect(Object.keys(call.Details).every((f) => DOCUMENTED_DETAILS_FIELDS.includes(f))).toBe(true);
      for (const leg of call.Details.Legs ?? []) {
        expect(Object.keys(leg)).toEqual(['Leg']);
        expect(Object.keys(leg.Leg).every((f) => DOCUMENTED_LEG_FIELDS.includes(f))).toBe(true);
      }
    }
  });

  it('writes PhoneNumberSid as the documented 0-prefixed number', () => {
    expect(shown.every((call) => /^0\d{10}$/.test(String(call.PhoneNumberSid)))).toBe(true);
  });
});
