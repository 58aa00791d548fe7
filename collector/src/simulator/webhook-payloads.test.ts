import { SimulatedAccount } from './simulated-account';
import { resolveOptions } from './options';
import { heartbeatBody, passthruParams } from './webhook-payloads';

const account = new SimulatedAccount(resolveOptions({ seed: 'payloads', callsPerDay: 5000 }));
const NOW = Date.parse('2026-11-20T12:00:00Z');

describe('simulated webhook payloads', () => {
  const calls = [
    ...account.queries.walk({ fromMs: NOW - 3_600_000, toMs: NOW }, {}, 'asc', null, NOW),
  ].filter((c) => c.direction === 'inbound');

  it('describe an inbound call the way Exotel Passthru does', () => {
    const answered = calls.find((c) => c.agent && c.leg2Status === 'completed')!;
    const params = passthruParams(answered, account.localTime);
    expect(params).toMatchObject({
      CallSid: answered.sid,
      Direction: 'incoming',
      EndTime: '1970-01-01 05:30:00',
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

    const ivrOnly = calls.find((c) => !c.agent)!;
    expect(passthruParams(ivrOnly, account.localTime)).toMatchObject({
      CallType: 'call-attempt',
      DialWhomNumber: '',
    });
  });

  it('report affected ExoPhones by SID with their numbers in data, and the overall status', () => {
    const [first, second] = account.model.exophones;
    const body = heartbeatBody(
      { incoming: [first!], outgoing: [first!, second!] },
      account.model.exophones.length,
      NOW,
    );
    expect(body).toEqual({
      timestamp: '2026-11-20T12:00:00Z',
      status_type: 'WARNING',
      incoming_affected: [first!.sid],
      outgoing_affected: [first!.sid, second!.sid],
      data: { [first!.sid]: { phone_number: first!.e164 }, [second!.sid]: { phone_number: second!.e164 } },
    });
    expect(heartbeatBody({ incoming: [], outgoing: [] }, 12, NOW).status_type).toBe('OK');
  });
});
