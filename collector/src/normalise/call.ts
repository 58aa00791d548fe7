import type { ExotelCall } from '../exotel/types';
import { parseDecimal, parseSeconds } from './amounts';
import { NormaliseError } from './errors';
import { normalisePhone, type NormalisedPhone } from './phone';
import { optionalText } from './text';
import { parseLocalTime, parseOptionalLocalTime } from './time';
import { assertTimeZone, DEFAULT_TIME_ZONE } from '../exotel/time';
import type { CallRecord } from './types';

export interface NormaliseOptions {
  /** IANA zone Exotel's offset-less times are in (the account's zone). Default Asia/Kolkata. */
  timeZone?: string;
  /**
   * The account the records were listed for, used when a record has no AccountSid: the documented bulk
   * Calls example (developer.exotel.com/docs/voice-v1/api-reference/call-details) omits it.
   */
  accountSid?: string;
}

export interface RejectedCall {
  /** Position in the input batch. */
  index: number;
  sid: string | null;
  error: NormaliseError;
}

export interface NormalisedBatch {
  records: CallRecord[];
  rejected: RejectedCall[];
}

function requiredText(call: ExotelCall, field: 'Sid' | 'AccountSid'): string {
  const value = optionalText(call[field]);
  if (value === null) throw new NormaliseError(field, call[field], 'missing');
  return value;
}

function normaliseValidated(call: ExotelCall, timeZone: string, listedFor: string | undefined): CallRecord {
  const sid = requiredText(call, 'Sid');
  try {
    return normaliseFields(call, sid, timeZone, listedFor);
  } catch (error) {
    throw error instanceof NormaliseError ? error.inCall(sid) : error;
  }
}

/**
 * The ExoPhone of a call. Exotel's Call resource carries it in `PhoneNumberSid` — the number itself,
 * 0-prefixed, despite the name (`"0XXXXXX4890"` in the Call Details reference, `"09513886363"` in a
 * published response). No documented Call has `PhoneNumber`; some third-party code reads it, so it is
 * used only when `PhoneNumberSid` is not a number we can place. Migration 011 repeats this rule in SQL.
 */
function exophoneOf(call: ExotelCall): NormalisedPhone {
  const fromSid = normalisePhone(call.PhoneNumberSid);
  if (fromSid.e164 !== null) return fromSid;
  const fromPhoneNumber = normalisePhone(call.PhoneNumber);
  return fromPhoneNumber.raw !== null ? fromPhoneNumber : fromSid;
}

function normaliseFields(
  call: ExotelCall,
  sid: string,
  timeZone: string,
  listedFor: string | undefined,
): CallRecord {
  const dateCreated = parseLocalTime(call.DateCreated, timeZone, 'DateCreated');
  if (dateCreated === null) throw new NormaliseError('DateCreated', call.DateCreated, 'missing');
  const to = normalisePhone(call.To);
  const from = normalisePhone(call.From);
  const exophone = exophoneOf(call);
  const details = call.Details ?? null;
  return {
    sid,
    accountSid: optionalText(call.AccountSid) ?? listedFor ?? requiredText(call, 'AccountSid'),
    parentCallSid: optionalText(call.ParentCallSid),
    dateCreated,
    dateUpdated: parseOptionalLocalTime(call.DateUpdated, timeZone),
    toNumber: to.e164,
    toRaw: to.raw,
    fromNumber: from.e164,
    fromRaw: from.raw,
    phoneNumber: exophone.e164,
    phoneNumberRaw: exophone.raw,
    phoneNumberSid: optionalText(call.PhoneNumberSid),
    status: optionalText(call.Status),
    startTime: parseOptionalLocalTime(call.StartTime, timeZone),
    endTime: parseOptionalLocalTime(call.EndTime, timeZone),
    duration: parseSeconds(call.Duration, 'Duration'),
    price: parseDecimal(call.Price, 'Price'),
    direction: optionalText(call.Direction),
    answeredBy: optionalText(call.AnsweredBy),
    uri: optionalText(call.Uri),
    recordingUrl: optionalText(call.RecordingUrl),
    conversationDuration: parseSeconds(details?.ConversationDuration, 'Details.ConversationDuration'),
    leg1Status: optionalText(details?.Leg1Status),
    leg2Status: optionalText(details?.Leg2Status),
    legs: Array.isArray(details?.Legs) ? details.Legs : null,
    raw: call,
  };
}

/**
 * One Exotel call record → the stored row. Throws NormaliseError (naming the field) when the record has
 * no Sid, no AccountSid (and no `accountSid` option), an unreadable DateCreated, or a Duration/Price/ConversationDuration that is not a
 * number. The error message is prefixed with the Sid when there is one.
 */
export function normaliseCall(call: ExotelCall, options: NormaliseOptions = {}): CallRecord {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  assertTimeZone(timeZone);
  return normaliseValidated(call, timeZone, options.accountSid);
}

/** A page of records → rows plus the records that could not be normalised (they never abort the batch). */
export function normaliseCalls(
  calls: readonly ExotelCall[],
  options: NormaliseOptions = {},
): NormalisedBatch {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  assertTimeZone(timeZone);
  const batch: NormalisedBatch = { records: [], rejected: [] };
  calls.forEach((call, index) => {
    try {
      batch.records.push(normaliseValidated(call, timeZone, options.accountSid));
    } catch (error) {
      if (!(error instanceof NormaliseError)) throw error;
      batch.rejected.push({ index, sid: optionalText(call.Sid), error });
    }
  });
  return batch;
}
