import { SimulatedAccount } from './simulated-account';
import { resolveOptions } from './options';
import {
  agentEventParams,
  asksForJsonStatusCallback,
  heartbeatBody,
  passthruEndTime,
  passthruParams,
  statusCallbackBody,
  statusCallbackFormFields,
} from './webhook-payloads';

const account = new SimulatedAccount(resolveOptions({ seed: 'payloads', callsPerDay: 5000 }));
const NOW = Date.parse('2026-11-20T12:00:00Z');

/**
 * Every field the simulator sends, with the Exotel source that documents it. A field missing here
 * fails the test: the simulator must be no kinder than Exotel.
 */
const PASSTHRU_SOURCE =
  'https://support.exotel.com/support/solutions/articles/48283-working-with-passthru-applet';
const PASSTHRU_FIELDS: Record<string, string> = {
  CallSid: PASSTHRU_SOURCE,
  CallFrom: PASSTHRU_SOURCE,
  CallTo: PASSTHRU_SOURCE,
  From: PASSTHRU_SOURCE,
  To: PASSTHRU_SOURCE,
  Direction: PASSTHRU_SOURCE,
  Created: PASSTHRU_SOURCE,
  StartTime: PASSTHRU_SOURCE,
  // EndTime: the 2024 sample's placeholder; 0000-00-00 00:00:00 in the 2016 one (code-index file #32329109406).
  EndTime: PASSTHRU_SOURCE,
  CurrentTime: PASSTHRU_SOURCE,
  CallType: PASSTHRU_SOURCE,
  DialWhomNumber: PASSTHRU_SOURCE,
  DialCallDuration: PASSTHRU_SOURCE,
  // DialCallStatus: read by frappe/crm's Passthru handler (exotel-api.md §3.2, C-crm).
  DialCallStatus: 'https://github.com/frappe/crm/blob/main/crm/integrations/exotel/handler.py',
  // flow_id, tenant_id, digits: the real 2024 query string (exotel-api.md §3.2, code-index file #8996281306).
  flow_id: 'code-index file #8996281306',
  tenant_id: 'code-index file #8996281306',
  digits: 'code-index file #8996281306',
};
// https://support.exotel.com/support/solutions/articles/3000106308-how-to-get-answered-event-in-crm
const AGENT_FIELDS = [
  'CallSid',
  'CallFrom',
  'CallTo',
  'Direction',
  'Created',
  'From',
  'To',
  'CurrentTime',
  'DialWhomNumber',
  'Status',
  'EventType',
];
// https://developer.exotel.com/api/statuscallback
const STATUS_CALLBACK_FIELDS = [
  // Default parameters.
  'CallSid',
  'DateUpdated',
  'Status',
  'RecordingUrl',
  // Added by StatusCallbackEvents (terminal / answered).
  'EventType',
  'DateCreated',
  'To',
  'From',
  'PhoneNumberSid',
  'StartTime',
  'EndTime',
  'ConversationDuration',
  'Direction',
  'CustomField',
  'Legs',
];
// Legs entries: https://developer.exotel.com/docs/voice-v1/api-reference/status-callback ("Leg Information").
const LEG_FIELDS = ['OnCallDuration', 'Status', 'AnsweredBy'];
// https://developer.exotel.com/api/heart-beat (top level) and, for each data block,
// https://developer.exotel.com/docs/heartbeat/webhook-format (exotel-api.md §2 shape B).
const HEARTBEAT_FIELDS = ['timestamp', 'status_type', 'incoming_affected', 'outgoing_affected', 'data'];
const CONNECTIVITY_FIELDS = ['status', 'last_check_time', 'alternate_exophone'];

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe('simulated webhook payloads', () => {
  const calls = [...account.queries.walk({ fromMs: NOW - 3_600_000, toMs: NOW }, {}, 'asc', null, NOW)];
  const inbound = calls.filter((c) => c.direction === 'inbound');
  const apiCalls = calls.filter((c) => c.direction === 'outbound-api');

  it('describe an inbound call the way Exotel Passthru does, with documented fields only', () => {
    const answered = inbound.find((c) => c.agent && c.leg2Status === 'completed')!;
    const params = passthruParams(answered, account.localTime);
    expect(Object.keys(params).filter((field) => !(field in PASSTHRU_FIELDS))).toEqual([]);
    expect(params).toMatchObject({
      CallSid: answered.sid,
      Direction: 'incoming',
      EndTime: passthruEndTime(answered),
      CallType: 'completed',
      DialCallStatus: 'completed',
      DialWhomNumber: `0${answered.agent!.number}`,
      DialCallDuration: String(answered.conversationSec),
      StartTime: account.localTime.format(answered.createdMs),
    });
    expect(params.Created).toMatch(
      /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat), \d{2} [A-Z][a-z]{2} 20\d\d \d{2}:\d{2}:\d{2}$/,
    );
    expect(params.digits).toMatch(/^"\d"$/);

    // Both of Exotel's EndTime placeholders occur, and nothing else.
    expect(new Set(inbound.map((c) => passthruParams(c, account.localTime).EndTime))).toEqual(
      new Set(['1970-01-01 05:30:00', '0000-00-00 00:00:00']),
    );

    const ivrOnly = inbound.find((c) => !c.agent)!;
    expect(passthruParams(ivrOnly, account.localTime)).toMatchObject({
      CallType: 'call-attempt',
      DialWhomNumber: '',
    });
  });

  it('send agent notifications with exactly the parameters of the Connect applet article', () => {
    const call = inbound.find((c) => c.agent)!;
    const dial = agentEventParams(call, 'Dial', call.createdMs, account.localTime);
    const terminal = agentEventParams(call, 'Terminal', call.endMs, account.localTime);
    expect(Object.keys(dial).sort()).toEqual([...AGENT_FIELDS].sort());
    expect(dial).toMatchObject({
      Direction: 'outbound-dial',
      DialWhomNumber: `0${call.agent!.number}`,
      Status: 'busy',
      EventType: 'Dial',
      CurrentTime: account.localTime.format(call.createdMs),
    });
    expect(terminal).toMatchObject({ Status: 'free', EventType: 'Terminal' });
  });

  it('send the terminal StatusCallback of API calls with documented fields, multipart unless JSON was asked for', () => {
    expect(apiCalls.length).toBeGreaterThan(10);
    for (const call of apiCalls) {
      const body = statusCallbackBody(call, account.localTime, account.accountSid);
      expect(Object.keys(body).filter((field) => !STATUS_CALLBACK_FIELDS.includes(field))).toEqual([]);
      for (const leg of body.Legs) expect(Object.keys(leg)).toEqual(LEG_FIELDS);
      expect(body).toMatchObject({ EventType: 'terminal', Direction: 'outbound-api', Status: call.status });
      for (const field of ['DateCreated', 'DateUpdated', 'StartTime', 'EndTime'] as const)
        expect(body[field]).toMatch(LOCAL_TIME);
      // PhoneNumberSid carries the ExoPhone's number, 0-prefixed (exotel-api.md §1.4).
      expect(body.PhoneNumberSid).toBe(call.exophone.national);
      expect('RecordingUrl' in body).toBe(call.conversationSec > 0);
    }
    const asJson = apiCalls.filter(asksForJsonStatusCallback).length;
    expect(asJson).toBeGreaterThan(0);
    expect(asJson).toBeLessThan(apiCalls.length / 2);
  });

  it('write the StatusCallback as form fields without Legs, which Exotel documents in JSON only', () => {
    const call = apiCalls.find((c) => c.leg2Status === 'completed')!;
    const body = statusCallbackBody(call, account.localTime, 'acme');
    const fields = statusCallbackFormFields(body);
    expect(fields.map(([name]) => name)).toEqual(Object.keys(body).filter((name) => name !== 'Legs'));
    expect(new Map(fields).get('ConversationDuration')).toBe(String(call.conversationSec));
    expect(fields.filter(([name]) => name.startsWith('Legs'))).toEqual([]);
  });

  it('report affected ExoPhones by SID with documented connectivity blocks, and the overall status', () => {
    const [first, second] = account.model.exophones;
    const body = heartbeatBody(
      { incoming: [first!], outgoing: [first!, second!] },
      account.model.exophones.length,
      NOW,
    );
    expect(Object.keys(body)).toEqual(HEARTBEAT_FIELDS);
    const block = (status: string) => ({
      status,
      last_check_time: '2026-11-20T12:00:00Z',
      alternate_exophone: null,
    });
    expect(body).toEqual({
      timestamp: '2026-11-20T12:00:00Z',
      status_type: 'WARNING',
      incoming_affected: [first!.sid],
      outgoing_affected: [first!.sid, second!.sid],
      data: {
        [first!.sid]: {
          connectivity: { incoming_call: block('major_outage'), outgoing_call: block('major_outage') },
        },
        [second!.sid]: {
          connectivity: { incoming_call: block('active'), outgoing_call: block('major_outage') },
        },
      },
    });
    expect(Object.keys(block('active'))).toEqual(CONNECTIVITY_FIELDS);
    expect(heartbeatBody({ incoming: [], outgoing: [] }, 12, NOW).status_type).toBe('OK');
    const all = account.model.exophones;
    expect(heartbeatBody({ incoming: all, outgoing: [] }, all.length, NOW).status_type).toBe('CRITICAL');
  });
});
