// The functions over the compact calls row (migration 017, docs/schema.md "Storage") that a later
// migration writes again: built here from each version's options, so that migration states what changed.

/**
 * raw(calls): Exotel's whole payload of a call, the fields rebuilt from the columns less those it did
 * not have, with the stored rest over them. `recordingUrl` is the SQL of RecordingUrl: the column
 * recording_url (017), rebuilt from the compact recording_url_sent since 022; `phoneNumberSid` that of
 * PhoneNumberSid: the column phone_number_sid until 023, the function of that name since.
 */
export function rawFunction({
  replaces,
  recordingUrl,
  phoneNumberSid = 'c.phone_number_sid',
}: {
  replaces: boolean;
  recordingUrl: string;
  phoneNumberSid?: string;
}): string {
  return `${replaces ? 'CREATE OR REPLACE' : 'CREATE'} FUNCTION raw(c calls) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE WHEN c.payload_absent IS NULL THEN c.payload_rest ELSE
  (jsonb_build_object(
     'Sid', c.sid, 'AccountSid', c.account_sid, 'ParentCallSid', c.parent_call_sid,
     'DateCreated', calls_ist_text(c.date_created), 'DateUpdated', calls_ist_text(c.date_updated),
     'To', calls_sent_number(c.to_sent, c.to_number), 'From', calls_sent_number(c.from_sent, c.from_number),
     'PhoneNumberSid', ${phoneNumberSid}, 'Status', c.status,
     'StartTime', calls_ist_text(c.start_time), 'EndTime', calls_ist_text(c.end_time),
     'Duration', c.duration, 'Direction', c.direction, 'AnsweredBy', c.answered_by,
     'Uri', '/v1/Accounts/' || c.account_sid || '/Calls/' || c.sid || '.json',
     'RecordingUrl', ${recordingUrl},
     'Details', jsonb_build_object('ConversationDuration', c.conversation_duration,
       'Leg1Status', c.leg1_status, 'Leg2Status', c.leg2_status,
       'Legs', CASE WHEN c.leg_durations IS NOT NULL THEN calls_legs_from_durations(c.leg_durations) END),
     'Price', CASE WHEN c.price = round(c.price, 3) THEN round(c.price, 3)::text END,
     'ForwardedFrom', NULL, 'CallerName', NULL)
   - calls_absent_fields(c.payload_absent)) || c.payload_rest END;`;
}

/**
 * reporting.calls (014) as 017 made it. Its `c.legs` is legs(c) since 017, and its
 * `c.phone_number_sid` the function phone_number_sid(c) once 023 renamed the column.
 */
export function reportingCallsView(create: 'CREATE VIEW' | 'CREATE OR REPLACE VIEW'): string {
  return `${create} reporting.calls WITH (security_barrier) AS
SELECT c.sid, c.date_created, c.date_updated, c.account_sid, c.parent_call_sid,
       reporting.pseudonym(c.from_number, k.key) AS from_pseudonym,
       reporting.masked(c.from_number)           AS from_masked,
       reporting.pseudonym(c.to_number, k.key)   AS to_pseudonym,
       reporting.masked(c.to_number)             AS to_masked,
       c.phone_number, c.phone_number_sid, c.status, c.start_time, c.end_time, c.duration, c.price,
       c.direction, c.answered_by, c.conversation_duration, c.leg1_status, c.leg2_status, c.legs,
       c.synced_at
FROM calls c CROSS JOIN privacy_key k;`;
}
