import { normalisePhone, type NormalisedPhone } from '../normalise/phone';
import { parseLocalTime } from '../normalise/time';
import { WebhookInputError } from './errors';
import { statusCallbackLegs, wholeSeconds, type StatusCallbackLeg } from './statusCallbackLegs';

/**
 * A StatusCallback post (exotel-api.md §4.1): the default fields of every callback, the fields the
 * `terminal` and `answered` events add, and the whole body. Numbers in E.164 (raw text kept), times
 * in UTC.
 */
export interface StatusCallbackEvent {
  callSid: string;
  status: string | null;
  /** `terminal` or `answered`; null on the default callback (no StatusCallbackEvents asked for). */
  eventType: string | null;
  dateUpdated: Date | null;
  dateCreated: Date | null;
  startTime: Date | null;
  endTime: Date | null;
  /** Seconds `From` and `To` were connected. */
  conversationDuration: number | null;
  /** `inbound`, `outbound-dial` or `outbound-api`. */
  direction: string | null;
  /** The ExoPhone: `PhoneNumberSid` carries its number (0-prefixed) despite the name. */
  exophone: NormalisedPhone;
  from: NormalisedPhone;
  to: NormalisedPhone;
  recordingUrl: string | null;
  customField: string | null;
  legs: StatusCallbackLeg[] | null;
  /** The body as received: form fields as text, or the JSON object (Legs[] kept nested). */
  params: Record<string, unknown>;
}

const CALL_SID = /^[A-Za-z0-9_-]{1,64}$/;

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : typeof value === 'number'
      ? String(value)
      : null;

/** Exotel's times are read leniently: an unreadable one is null here and stays readable in params. */
function localTime(value: unknown, timeZone: string): Date | null {
  try {
    return parseLocalTime(text(value), timeZone);
  } catch {
    return null;
  }
}

export function parseStatusCallback(params: Record<string, unknown>, timeZone: string): StatusCallbackEvent {
  const callSid = text(params.CallSid) ?? '';
  if (!CALL_SID.test(callSid)) {
    throw new WebhookInputError(
      400,
      'CallSid is missing or malformed (expected 1–64 letters, digits, _ or -)',
    );
  }
  return {
    callSid,
    status: text(params.Status),
    eventType: text(params.EventType),
    dateUpdated: localTime(params.DateUpdated, timeZone),
    dateCreated: localTime(params.DateCreated, timeZone),
    startTime: localTime(params.StartTime, timeZone),
    endTime: localTime(params.EndTime, timeZone),
    conversationDuration: wholeSeconds(params.ConversationDuration),
    direction: text(params.Direction),
    exophone: normalisePhone(text(params.PhoneNumberSid)),
    from: normalisePhone(text(params.From)),
    to: normalisePhone(text(params.To)),
    recordingUrl: text(params.RecordingUrl),
    customField: text(params.CustomField),
    legs: statusCallbackLegs(params),
    params,
  };
}
