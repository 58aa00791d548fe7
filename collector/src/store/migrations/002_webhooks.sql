-- Webhook events (Passthru, Heartbeat, StatusCallback), the ExoPhone list and ExoPhone health.
-- See docs/webhooks.md. Every event row is keyed by a deterministic event_key (a hash of the
-- account, the route and the canonicalised payload), so journal replays and Exotel's retries are
-- inserted with ON CONFLICT DO NOTHING and never duplicate a row.

-- One row per Passthru request. Numbers are E.164 with the text Exotel sent beside them; times are
-- Exotel's offset-less local times converted with the account's time zone.
CREATE TABLE passthru_events (
  event_key                text        PRIMARY KEY,
  account_sid              text        NOT NULL,
  call_sid                 text        NOT NULL,
  flow_id                  text,
  tenant_id                text,
  call_from                text,
  call_from_raw            text,
  call_to                  text,
  call_to_raw              text,
  direction                text,
  call_type                text,
  call_status              text,
  dial_whom_number         text,
  dial_whom_number_raw     text,
  dial_call_status         text,
  dial_call_duration       integer,
  digits                   text,
  recording_url            text,
  created_at               timestamptz,
  start_time               timestamptz,
  end_time                 timestamptz,
  exotel_current_time      timestamptz,
  -- Every parameter exactly as received, including the ones exowatch does not model.
  params                   jsonb       NOT NULL,
  received_at              timestamptz NOT NULL
);

CREATE INDEX passthru_events_call_sid_idx ON passthru_events (call_sid);
CREATE INDEX passthru_events_account_received_idx ON passthru_events (account_sid, received_at);

-- What Passthru told us about each call, joinable to calls on calls.sid = call_passthru.call_sid:
-- the flow and the agent number are known as soon as the applet runs, before the Bulk API has the call.
-- Per call, each column takes the latest non-empty value (by Exotel's CurrentTime, then arrival).
CREATE VIEW call_passthru AS
SELECT
  account_sid,
  call_sid,
  (array_agg(flow_id ORDER BY exotel_current_time DESC NULLS LAST, received_at DESC)
     FILTER (WHERE flow_id IS NOT NULL))[1]                 AS flow_id,
  (array_agg(dial_whom_number ORDER BY exotel_current_time DESC NULLS LAST, received_at DESC)
     FILTER (WHERE dial_whom_number IS NOT NULL))[1]        AS agent_number,
  (array_agg(dial_whom_number_raw ORDER BY exotel_current_time DESC NULLS LAST, received_at DESC)
     FILTER (WHERE dial_whom_number_raw IS NOT NULL))[1]    AS agent_number_raw,
  (array_agg(call_from ORDER BY received_at) FILTER (WHERE call_from IS NOT NULL))[1] AS call_from,
  (array_agg(call_to ORDER BY received_at) FILTER (WHERE call_to IS NOT NULL))[1]     AS call_to,
  (array_agg(direction ORDER BY received_at) FILTER (WHERE direction IS NOT NULL))[1] AS direction,
  (array_agg(call_type ORDER BY exotel_current_time DESC NULLS LAST, received_at DESC)
     FILTER (WHERE call_type IS NOT NULL))[1]               AS last_call_type,
  (array_agg(dial_call_status ORDER BY exotel_current_time DESC NULLS LAST, received_at DESC)
     FILTER (WHERE dial_call_status IS NOT NULL))[1]        AS last_dial_call_status,
  max(dial_call_duration)                                   AS dial_call_duration,
  min(coalesce(start_time, created_at))                     AS start_time,
  min(received_at)                                          AS first_event_at,
  max(received_at)                                          AS last_event_at,
  count(*)                                                  AS event_count
FROM passthru_events
GROUP BY account_sid, call_sid;

-- Heartbeats, stored whole. incoming/outgoing_affected are the ExoPhone SIDs as sent (null/absent → {}).
CREATE TABLE heartbeat_events (
  event_key          text        PRIMARY KEY,
  account_sid        text        NOT NULL,
  status_type        text,
  sent_at            timestamptz,
  incoming_affected  text[]      NOT NULL,
  outgoing_affected  text[]      NOT NULL,
  payload            jsonb       NOT NULL,
  received_at        timestamptz NOT NULL
);

CREATE INDEX heartbeat_events_account_received_idx ON heartbeat_events (account_sid, received_at);

-- StatusCallback posts for API-originated calls (form or JSON), stored whole.
CREATE TABLE status_callback_events (
  event_key    text        PRIMARY KEY,
  account_sid  text        NOT NULL,
  call_sid     text        NOT NULL,
  status       text,
  event_type   text,
  date_updated timestamptz,
  params       jsonb       NOT NULL,
  received_at  timestamptz NOT NULL
);

CREATE INDEX status_callback_events_call_sid_idx ON status_callback_events (call_sid);

-- The ExoPhone list (v2_beta IncomingPhoneNumbers), refreshed daily by the sync.
-- region is Exotel's telecom circle code (DL, KA, MH…), region_name its readable name.
CREATE TABLE exophones (
  account_sid       text        NOT NULL,
  sid               text        NOT NULL,
  phone_number      text,
  phone_number_raw  text,
  friendly_name     text,
  region            text,
  region_name       text,
  country           text,
  number_type       text,
  raw               jsonb       NOT NULL,
  first_seen_at     timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_sid, sid)
);

CREATE INDEX exophones_phone_number_idx ON exophones (phone_number);

-- The last heartbeat applied to ExoPhone health, per account.
CREATE TABLE heartbeat_state (
  account_sid       text        PRIMARY KEY,
  last_heartbeat_at timestamptz NOT NULL,
  last_status_type  text
);

-- ExoPhone health history: one row per (ExoPhone, direction) state period. ended_at is null for the
-- current period. A period ends when the state changes; silence longer than twice the heartbeat
-- interval closes the period at its last heartbeat and opens an `unknown` one, so
-- uptime = 1 − affected time ÷ (healthy + affected time) and unknown time is coverage lost.
CREATE TABLE exophone_health_periods (
  account_sid   text        NOT NULL,
  exophone_sid  text        NOT NULL,
  direction     text        NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
  state         text        NOT NULL CHECK (state IN ('healthy', 'affected', 'unknown')),
  phone_number  text,
  started_at    timestamptz NOT NULL,
  ended_at      timestamptz,
  -- The last heartbeat that confirmed this state (null for unknown periods).
  last_seen_at  timestamptz,
  PRIMARY KEY (account_sid, exophone_sid, direction, started_at),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);

CREATE UNIQUE INDEX exophone_health_periods_open_idx
  ON exophone_health_periods (account_sid, exophone_sid, direction) WHERE ended_at IS NULL;
CREATE INDEX exophone_health_periods_range_idx ON exophone_health_periods (started_at, ended_at);
