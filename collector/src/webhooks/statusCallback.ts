import { normalisePhone, type NormalisedPhone } from '../normalise/phone';
import { optionalText } from '../normalise/text';
import { parseOptionalLocalTime } from '../normalise/time';
import { requireCallSid } from './callSid';
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

export function parseStatusCallback(params: Record<string, unknown>, timeZone: string): StatusCallbackEvent {
  const callSid = requireCallSid(params.CallSid);
  return {
    callSid,
    status: optionalText(params.Status),
    eventType: optionalText(params.EventType),
    dateUpdated: parseOptionalLocalTime(params.DateUpdated, timeZone),
    dateCreated: parseOptionalLocalTime(params.DateCreated, timeZone),
    startTime: parseOptionalLocalTime(params.StartTime, timeZone),
    endTime: parseOptionalLocalTime(params.EndTime, timeZone),
    conversationDuration: wholeSeconds(params.ConversationDuration),
    direction: optionalText(params.Direction),
    exophone: normalisePhone(optionalText(params.PhoneNumberSid)),
    from: normalisePhone(optionalText(params.From)),
    to: normalisePhone(optionalText(params.To)),
    recordingUrl: optionalText(params.RecordingUrl),
    customField: optionalText(params.CustomField),
    legs: statusCallbackLegs(params),
    params,
  };
}
