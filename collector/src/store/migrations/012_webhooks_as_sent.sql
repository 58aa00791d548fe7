-- Issue 18: the webhooks as Exotel really sends them (docs/webhooks.md, docs/schema.md).

-- The StatusCallback's event fields (exotel-api.md §4.1) in columns the KPIs can read, instead of
-- only inside params. Numbers are E.164 with the text Exotel sent beside them; exophone comes from
-- PhoneNumberSid, which carries the ExoPhone's number despite its name. legs is Legs[] with Exotel's
-- key names ({OnCallDuration, Status, AnsweredBy}), whatever encoding the body used. Rows stored
-- before this migration keep these columns null; their params still hold everything.
ALTER TABLE status_callback_events
  ADD COLUMN date_created          timestamptz,
  ADD COLUMN start_time            timestamptz,
  ADD COLUMN end_time              timestamptz,
  ADD COLUMN conversation_duration integer,
  ADD COLUMN direction             text,
  ADD COLUMN exophone              text,
  ADD COLUMN exophone_raw          text,
  ADD COLUMN from_number           text,
  ADD COLUMN from_number_raw       text,
  ADD COLUMN to_number             text,
  ADD COLUMN to_number_raw         text,
  ADD COLUMN recording_url         text,
  ADD COLUMN custom_field          text,
  ADD COLUMN legs                  jsonb;
