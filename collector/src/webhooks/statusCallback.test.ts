import {
  REAL_PHONE_NUMBER_SID,
  STATUS_CALLBACK_DEFAULT,
  STATUS_CALLBACK_TERMINAL,
} from '../../test/fixtures/exotelWebhookExamples';
import { WebhookInputError } from '../inputError';
import { parseStatusCallback } from './statusCallback';

describe('parseStatusCallback', () => {
  // Sources of both examples are cited in test/fixtures/exotelWebhookExamples.ts.
  it('reads every field of the documented terminal event', () => {
    const event = parseStatusCallback({ ...STATUS_CALLBACK_TERMINAL }, 'Asia/Kolkata');
    expect(event).toMatchObject({
      callSid: '80bfbec2d78bbbf10fb851f4fa165211',
      status: 'completed',
      eventType: 'terminal',
      conversationDuration: 320,
      direction: 'outbound-api',
      // The docs mask the ExoPhone; a masked number is kept raw and has no E.164.
      exophone: { e164: null, raw: '0XXXXXX4890' },
      from: { e164: '+919876543210', raw: '09876543210' },
      to: { e164: '+919123456789', raw: '09123456789' },
      recordingUrl: 'https://s3-ap-southeast-1.amazonaws.com/recordings/abc123.mp3',
      customField: 'order_12345',
      legs: STATUS_CALLBACK_TERMINAL.Legs,
    });
    expect(event.dateCreated?.toISOString()).toBe('2024-01-15T08:55:10.000Z');
    expect(event.dateUpdated?.toISOString()).toBe('2024-01-15T09:00:45.000Z');
    expect(event.startTime?.toISOString()).toBe('2024-01-15T08:55:12.000Z');
    expect(event.endTime?.toISOString()).toBe('2024-01-15T09:00:45.000Z');
  });

  it('normalises an unmasked PhoneNumberSid to the ExoPhone in E.164', () => {
    const event = parseStatusCallback(
      { CallSid: 'c1', PhoneNumberSid: REAL_PHONE_NUMBER_SID },
      'Asia/Kolkata',
    );
    expect(event.exophone).toEqual({ e164: '+919513886363', raw: '09513886363' });
  });

  it('reads an answered event like a terminal one (StatusCallbackEvents answered)', () => {
    const event = parseStatusCallback({ ...STATUS_CALLBACK_TERMINAL, EventType: 'answered' }, 'Asia/Kolkata');
    expect(event).toMatchObject({
      eventType: 'answered',
      conversationDuration: 320,
      legs: STATUS_CALLBACK_TERMINAL.Legs,
    });
  });

  it('reads the default callback, whose event fields are absent', () => {
    const event = parseStatusCallback({ ...STATUS_CALLBACK_DEFAULT }, 'Asia/Kolkata');
    expect(event).toMatchObject({ eventType: null, legs: null, conversationDuration: null, direction: null });
    expect(event.dateUpdated?.toISOString()).toBe('2024-01-15T09:00:45.000Z');
  });

  it('keeps placeholders and unreadable times null (the text stays in params)', () => {
    const event = parseStatusCallback(
      { CallSid: 'c1', EndTime: '0000-00-00 00:00:00', StartTime: 'yesterday' },
      'Asia/Kolkata',
    );
    expect([event.endTime, event.startTime]).toEqual([null, null]);
    expect(event.params.StartTime).toBe('yesterday');
  });

  it('refuses a body without a usable CallSid', () => {
    expect(() => parseStatusCallback({ Status: 'completed' }, 'Asia/Kolkata')).toThrow(WebhookInputError);
  });
});
