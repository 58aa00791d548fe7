import { agentEventParams } from '../../test/fixtures/exotelWebhookExamples';
import { isAgentEvent, parseAgentEvent } from './agentEvent';
import { WebhookInputError } from '../inputError';

// Parameters from the Connect applet article (source cited in test/fixtures/exotelWebhookExamples.ts).
const DIAL = agentEventParams('c1', '09876543210', 'busy', 'Dial', '2024-07-31 16:43:00');

describe('isAgentEvent', () => {
  it('recognises every documented EventType with a busy/free Status, the article’s " Dial" included', () => {
    for (const eventType of ['Dial', ' Dial', 'Ringing', 'Answered', 'Terminal', 'terminal'])
      expect(isAgentEvent({ ...DIAL, EventType: eventType })).toBe(true);
  });

  it('leaves Passthru requests alone: no EventType, or a Status that is not the agent’s', () => {
    const { EventType: _eventType, ...withoutEventType } = DIAL;
    expect(isAgentEvent(withoutEventType)).toBe(false);
    expect(isAgentEvent({ ...DIAL, Status: 'completed' })).toBe(false);
    expect(isAgentEvent({ ...DIAL, EventType: 'terminal-ish' })).toBe(false);
  });
});

describe('parseAgentEvent', () => {
  it('reads the agent, its state and the event, numbers in E.164 and times in UTC', () => {
    const event = parseAgentEvent(DIAL, 'Asia/Kolkata');
    expect(event).toMatchObject({
      callSid: 'c1',
      agent: { e164: '+919876543210', raw: '09876543210' },
      status: 'busy',
      eventType: 'Dial',
      callFrom: { e164: '+919901320691' },
      callTo: { e164: '+918069891522' },
      direction: 'outbound-dial',
    });
    expect(event.currentTime?.toISOString()).toBe('2024-07-31T11:13:00.000Z');
    expect(event.createdAt?.toISOString()).toBe('2024-07-31T11:12:56.000Z');
  });

  it('refuses a request without the agent’s busy/free Status, or without a CallSid', () => {
    expect(() => parseAgentEvent({ ...DIAL, Status: 'ringing' }, 'Asia/Kolkata')).toThrow(/busy or free/);
    expect(() => parseAgentEvent({ ...DIAL, CallSid: '' }, 'Asia/Kolkata')).toThrow(WebhookInputError);
  });
});
