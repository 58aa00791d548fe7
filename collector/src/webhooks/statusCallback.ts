import { parseLocalTime } from '../normalise/time';
import { WebhookInputError } from './errors';

/** A StatusCallback post (exotel-api.md §4.1): the fields exowatch reads, plus the whole body. */
export interface StatusCallbackEvent {
  callSid: string;
  status: string | null;
  eventType: string | null;
  dateUpdated: Date | null;
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

export function parseStatusCallback(params: Record<string, unknown>, timeZone: string): StatusCallbackEvent {
  const callSid = text(params.CallSid) ?? '';
  if (!CALL_SID.test(callSid)) {
    throw new WebhookInputError(
      400,
      'CallSid is missing or malformed (expected 1–64 letters, digits, _ or -)',
    );
  }
  let dateUpdated: Date | null = null;
  try {
    dateUpdated = parseLocalTime(text(params.DateUpdated), timeZone);
  } catch {
    // Unreadable times stay readable in params.
  }
  return { callSid, status: text(params.Status), eventType: text(params.EventType), dateUpdated, params };
}
