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

-- The Connect applet's agent notifications (exotel-api.md §3.2, S-ans): one row per event, whether it
-- came to its own URL or to the Passthru URL (recognised by EventType with Status busy/free). status is
-- the agent's state, never the call's, so these rows stay out of passthru_events. agent_number is
-- DialWhomNumber in E.164; times are the account's local times converted to UTC.
CREATE TABLE agent_events (
  event_key            text        PRIMARY KEY,
  account_sid          text        NOT NULL,
  call_sid             text        NOT NULL,
  agent_number         text,
  agent_number_raw     text,
  status               text        NOT NULL CHECK (status IN ('busy', 'free')),
  event_type           text,
  call_from            text,
  call_from_raw        text,
  call_to              text,
  call_to_raw          text,
  direction            text,
  created_at           timestamptz,
  exotel_current_time  timestamptz,
  params               jsonb       NOT NULL,
  received_at          timestamptz NOT NULL
);

CREATE INDEX agent_events_call_sid_idx ON agent_events (call_sid);
-- The latest event per agent (exowatch_agents): by agent, newest first.
CREATE INDEX agent_events_agent_latest_idx
  ON agent_events (account_sid, agent_number, exotel_current_time DESC, received_at DESC);
CREATE INDEX agent_events_received_idx ON agent_events (received_at);

-- Agent notifications that reached the Passthru URL before this migration were stored as Passthru
-- events, their busy/free read as the call's status. They move to agent_events (same event key: both
-- are keyed as Passthru-URL requests), and their calls' rollup and callback slots are marked so the
-- KPIs are recomputed without them.
WITH moved AS (
  DELETE FROM passthru_events
  WHERE lower(trim(params ->> 'EventType')) IN ('dial', 'ringing', 'answered', 'terminal')
    AND lower(trim(params ->> 'Status')) IN ('busy', 'free')
  RETURNING *
), kept AS (
  INSERT INTO agent_events (event_key, account_sid, call_sid, agent_number, agent_number_raw, status, event_type,
                            call_from, call_from_raw, call_to, call_to_raw, direction, created_at,
                            exotel_current_time, params, received_at)
  SELECT event_key, account_sid, call_sid, dial_whom_number, dial_whom_number_raw,
         lower(trim(params ->> 'Status')), trim(params ->> 'EventType'), call_from, call_from_raw, call_to,
         call_to_raw, direction, created_at, exotel_current_time, params, received_at
  FROM moved
  ON CONFLICT (event_key) DO NOTHING
)
SELECT mark_rollup_slot(c.date_created),
       CASE WHEN c.direction = 'inbound' THEN mark_callback_customer(c.from_number, c.date_created) END
FROM calls c
WHERE c.sid IN (SELECT call_sid FROM moved);

-- The number Exotel suggests instead of an affected ExoPhone (`alternate_exophone` of a heartbeat's
-- connectivity block, or of the ExoPhone details API), as of the heartbeat that last confirmed the
-- period; null when none was sent.
ALTER TABLE exophone_health_periods ADD COLUMN alternate_exophone text;
