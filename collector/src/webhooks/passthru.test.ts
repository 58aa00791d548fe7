import { WebhookInputError } from '../inputError';
import { addEncodedParams, type Params } from './params';
import { parsePassthru } from './passthru';

const REAL_QUERY =
  'CallSid=e12eb6e6fcd920019d7174b60099187v&CallFrom=09901320691&CallTo=08069891522&Direction=incoming' +
  '&Created=Wed%2C+31+Jul+2024+16%3A42%3A56&DialCallDuration=0&StartTime=2024-07-31+16%3A42%3A56' +
  '&EndTime=1970-01-01+05%3A30%3A00&CallType=call-attempt&DialWhomNumber=&flow_id=11754&tenant_id=1409' +
  '&From=09901320691&To=08069891522&CurrentTime=2024-07-31+16%3A43%3A02&digits=%22215250%22';

const params = (query: string): Params => addEncodedParams(query, {});

describe('parsePassthru', () => {
  it('reads a real Passthru query string: numbers in E.164, local times in UTC, digits unquoted', () => {
    const event = parsePassthru(params(REAL_QUERY), 'Asia/Kolkata');
    expect(event).toMatchObject({
      callSid: 'e12eb6e6fcd920019d7174b60099187v',
      flowId: '11754',
      tenantId: '1409',
      callFrom: { e164: '+919901320691', raw: '09901320691' },
      callTo: { e164: '+918069891522', raw: '08069891522' },
      direction: 'incoming',
      callType: 'call-attempt',
      dialWhomNumber: { e164: null, raw: null },
      dialCallDuration: 0,
      digits: '215250',
      endTime: null,
    });
    expect(event.createdAt?.toISOString()).toBe('2024-07-31T11:12:56.000Z');
    expect(event.startTime?.toISOString()).toBe('2024-07-31T11:12:56.000Z');
    expect(event.currentTime?.toISOString()).toBe('2024-07-31T11:13:02.000Z');
    expect(event.params.From).toBe('09901320691');
  });

  it('reads the agent leg of a Connect and keeps parameters it does not model', () => {
    const event = parsePassthru(
      params(
        'CallSid=abc123&DialWhomNumber=%2B919876543210&DialCallStatus=completed&DialCallDuration=42&CallType=completed&CustomField=vip',
      ),
      'Asia/Kolkata',
    );
    expect(event.dialWhomNumber).toEqual({ e164: '+919876543210', raw: '+919876543210' });
    expect(event).toMatchObject({ dialCallStatus: 'completed', dialCallDuration: 42, callType: 'completed' });
    expect(event.params.CustomField).toBe('vip');
  });

  it('is lenient with odd values: an unreadable time or duration becomes null, the old placeholder too', () => {
    const event = parsePassthru(
      params(
        'CallSid=abc123&StartTime=yesterday&DialCallDuration=n%2Fa&EndTime=0000-00-00+00%3A00%3A00&Created=Tue%2C+16+Feb+2016+15%3A56%3A26',
      ),
      'Asia/Kolkata',
    );
    expect(event).toMatchObject({ startTime: null, dialCallDuration: null, endTime: null });
    expect(event.createdAt?.toISOString()).toBe('2016-02-16T10:26:26.000Z');
  });

  it('refuses a request without a usable CallSid', () => {
    expect(() => parsePassthru(params('CallFrom=0990'), 'Asia/Kolkata')).toThrow(WebhookInputError);
    expect(() => parsePassthru(params('CallSid=%3Cscript%3E'), 'Asia/Kolkata')).toThrow(/CallSid/);
  });
});
