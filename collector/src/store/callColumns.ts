import { splitPayload, type PayloadRest } from '../normalise/payloadRest';
import type { CallRecord } from '../normalise/types';
import { durationsLiteral, legDurations } from '../normalise/legDurations';
import { storedPhoneNumberSid, storedSentText } from '../normalise/sentNumber';
import { storedRecordingUrl } from '../normalise/recordingUrl';

/**
 * The columns of `calls` written from a CallRecord, in one place: the upsert, the COPY baseline of the
 * write benchmark and the schema docs all follow this list.
 */
export interface CallColumn {
  name: string;
  /** PostgreSQL array type used to pass a batch of this column through unnest(). */
  arrayType: string;
  /** The column's type when its values travel as text (an array column: unnest would flatten it). */
  cast?: string;
  value(record: CallRecord): unknown;
}

const json = (v: unknown) => (v == null ? null : JSON.stringify(v));

/** Each record's payload split once, for the two columns that store it. */
const splits = new WeakMap<CallRecord, PayloadRest>();
function split(record: CallRecord): PayloadRest {
  let stored = splits.get(record);
  if (!stored) splits.set(record, (stored = splitPayload(record)));
  return stored;
}

export const CALL_COLUMNS: readonly CallColumn[] = [
  { name: 'sid', arrayType: 'text[]', value: (r) => r.sid },
  { name: 'date_created', arrayType: 'timestamptz[]', value: (r) => r.dateCreated },
  { name: 'date_updated', arrayType: 'timestamptz[]', value: (r) => r.dateUpdated },
  { name: 'account_sid', arrayType: 'text[]', value: (r) => r.accountSid },
  { name: 'parent_call_sid', arrayType: 'text[]', value: (r) => r.parentCallSid },
  { name: 'to_number', arrayType: 'text[]', value: (r) => r.toNumber },
  // The numbers' texts as sent, when not the trunk form of the E.164 column (*_raw(calls), 017).
  { name: 'to_sent', arrayType: 'text[]', value: (r) => storedSentText(r.toRaw, r.toNumber) },
  { name: 'from_number', arrayType: 'text[]', value: (r) => r.fromNumber },
  { name: 'from_sent', arrayType: 'text[]', value: (r) => storedSentText(r.fromRaw, r.fromNumber) },
  { name: 'phone_number', arrayType: 'text[]', value: (r) => r.phoneNumber },
  {
    name: 'phone_number_sent',
    arrayType: 'text[]',
    value: (r) => storedSentText(r.phoneNumberRaw, r.phoneNumber),
  },
  // '' when it is the ExoPhone's sent text, rebuilt by phone_number_sid(calls) (023).
  {
    name: 'phone_number_sid_sent',
    arrayType: 'text[]',
    value: (r) => storedPhoneNumberSid(r.phoneNumberSid, r.phoneNumberRaw),
  },
  { name: 'status', arrayType: 'text[]', value: (r) => r.status },
  { name: 'start_time', arrayType: 'timestamptz[]', value: (r) => r.startTime },
  { name: 'end_time', arrayType: 'timestamptz[]', value: (r) => r.endTime },
  { name: 'duration', arrayType: 'integer[]', value: (r) => r.duration },
  { name: 'price', arrayType: 'numeric[]', value: (r) => r.price },
  { name: 'direction', arrayType: 'text[]', value: (r) => r.direction },
  { name: 'answered_by', arrayType: 'text[]', value: (r) => r.answeredBy },
  // '' for the link of the call's own recording, rebuilt by recording_url(calls) (022).
  {
    name: 'recording_url_sent',
    arrayType: 'text[]',
    value: (r) => storedRecordingUrl(r.recordingUrl, r.accountSid, r.sid),
  },
  { name: 'conversation_duration', arrayType: 'integer[]', value: (r) => r.conversationDuration },
  { name: 'leg1_status', arrayType: 'text[]', value: (r) => r.leg1Status },
  { name: 'leg2_status', arrayType: 'text[]', value: (r) => r.leg2Status },
  // Details.Legs of the documented shape; other legs stay in payload_rest (legs(calls), 017).
  {
    name: 'leg_durations',
    arrayType: 'text[]',
    cast: 'integer[]',
    value: (r) => durationsLiteral(legDurations(r.legs)),
  },
  // Exotel's payload less what the columns above reproduce (rebuilt whole by raw(calls), 017).
  { name: 'payload_rest', arrayType: 'jsonb[]', value: (r) => json(split(r).rest) },
  { name: 'payload_absent', arrayType: 'integer[]', value: (r) => split(r).absent },
];
