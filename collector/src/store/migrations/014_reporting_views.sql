-- The reporting schema: what SQL readers (Grafana's PostgreSQL data source, as exowatch_reader) see.
--
-- A caller's phone number is personal data (India's DPDP Act 2023). The query API masks it for viewer
-- tokens; until now exowatch_reader could SELECT every base table and so read every number, recording
-- link and raw payload with one panel of SQL. From here on the reader reads these views only:
--   * customer numbers appear as a stable keyed pseudonym (`c_` + 16 hex digits of
--     sha256(key || number)), so "repeat callers" and "called back?" still work in SQL, and masked to
--     their last 4 digits (`••••1234`, as the callback worklist shows them to viewers);
--   * recording URLs, raw payloads, DTMF digits and numbers "as sent" are absent;
--   * ExoPhones and agent numbers stay in clear: they are the business's own numbers.
-- The base tables, and every table a later migration adds, are not readable by the reader: a new view
-- here is the only way to show it something. Views are `security_barrier`, so a function a reader
-- writes in a WHERE clause cannot see rows before the view has computed its columns.
--
-- A view lists its columns when it is created: a migration that changes a table shown here recreates
-- its view.

CREATE SCHEMA IF NOT EXISTS reporting;

-- The pseudonym key: 32 bytes from the server's strong random source, never readable by the reader
-- (the views read it as their owner). Losing it changes every pseudonym, nothing else.
CREATE TABLE privacy_key (
  id   boolean PRIMARY KEY DEFAULT true CHECK (id),
  key  bytea   NOT NULL
);
INSERT INTO privacy_key (key)
VALUES (decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));

CREATE FUNCTION reporting.pseudonym(number text, key bytea) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN nullif(number, '') IS NOT NULL
    THEN 'c_' || left(encode(sha256(key || convert_to(number, 'UTF8')), 'hex'), 16) END;

CREATE FUNCTION reporting.masked(number text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN regexp_replace(coalesce(number, ''), '\D', '', 'g') <> ''
    THEN '••••' || right(regexp_replace(number, '\D', '', 'g'), 4) END;

-- Calls: From and To may be the customer's (inbound From, outbound To) or the business's; both are
-- pseudonymised. The ExoPhone is `phone_number`.
CREATE VIEW reporting.calls WITH (security_barrier) AS
SELECT c.sid, c.date_created, c.date_updated, c.account_sid, c.parent_call_sid,
       reporting.pseudonym(c.from_number, k.key) AS from_pseudonym,
       reporting.masked(c.from_number)           AS from_masked,
       reporting.pseudonym(c.to_number, k.key)   AS to_pseudonym,
       reporting.masked(c.to_number)             AS to_masked,
       c.phone_number, c.phone_number_sid, c.status, c.start_time, c.end_time, c.duration, c.price,
       c.direction, c.answered_by, c.conversation_duration, c.leg1_status, c.leg2_status, c.legs,
       c.synced_at
FROM calls c CROSS JOIN privacy_key k;

-- Passthru events: CallFrom is the caller; CallTo is the ExoPhone on incoming calls (exotel-api.md §3.2)
-- and the dialled number otherwise. The agent dialled (DialWhomNumber) stays.
CREATE VIEW reporting.passthru_events WITH (security_barrier) AS
SELECT p.event_key, p.account_sid, p.call_sid, p.flow_id, p.tenant_id,
       reporting.pseudonym(p.call_from, k.key)                            AS call_from_pseudonym,
       reporting.masked(p.call_from)                                      AS call_from_masked,
       CASE WHEN p.direction = 'incoming' THEN p.call_to END              AS exophone,
       CASE WHEN p.direction <> 'incoming' THEN reporting.pseudonym(p.call_to, k.key) END
                                                                          AS call_to_pseudonym,
       p.direction, p.call_type, p.call_status, p.dial_whom_number, p.dial_call_status,
       p.dial_call_duration, p.created_at, p.start_time, p.end_time, p.exotel_current_time,
       p.received_at
FROM passthru_events p CROSS JOIN privacy_key k;

CREATE VIEW reporting.missed_calls WITH (security_barrier) AS
SELECT m.sid, m.missed_at,
       reporting.pseudonym(m.customer, k.key) AS customer_pseudonym,
       reporting.masked(m.customer)           AS customer_masked,
       m.tags, m.exophone, m.flow, m.agent, m.period, m.window_ends_at, m.called_back_at,
       m.callback_seconds, m.open_until
FROM missed_calls m CROSS JOIN privacy_key k;

-- StatusCallbacks of API calls: From and To as in calls; the ExoPhone stays.
CREATE VIEW reporting.status_callback_events WITH (security_barrier) AS
SELECT s.event_key, s.account_sid, s.call_sid, s.status, s.event_type, s.date_created, s.date_updated,
       s.start_time, s.end_time, s.conversation_duration, s.direction, s.exophone,
       reporting.pseudonym(s.from_number, k.key) AS from_pseudonym,
       reporting.masked(s.from_number)           AS from_masked,
       reporting.pseudonym(s.to_number, k.key)   AS to_pseudonym,
       reporting.masked(s.to_number)             AS to_masked,
       s.legs, s.received_at
FROM status_callback_events s CROSS JOIN privacy_key k;

-- Connect-applet agent notifications: the agent is the business's; the call's From and To are not
-- shown in clear (the customer's is one of them).
CREATE VIEW reporting.agent_events WITH (security_barrier) AS
SELECT a.event_key, a.account_sid, a.call_sid, a.agent_number, a.status, a.event_type,
       reporting.pseudonym(a.call_from, k.key) AS call_from_pseudonym,
       reporting.pseudonym(a.call_to, k.key)   AS call_to_pseudonym,
       a.direction, a.created_at, a.exotel_current_time, a.received_at
FROM agent_events a CROSS JOIN privacy_key k;

CREATE VIEW reporting.heartbeat_events WITH (security_barrier) AS
SELECT event_key, account_sid, status_type, sent_at, incoming_affected, outgoing_affected, received_at
FROM heartbeat_events;

-- The ExoPhone list without Exotel's raw item (its voice_url may carry a webhook secret).
CREATE VIEW reporting.exophones WITH (security_barrier) AS
SELECT account_sid, sid, phone_number, friendly_name, region, region_name, country, number_type,
       first_seen_at, updated_at
FROM exophones;

-- A rejected record's reason may quote the value it could not read: only that it was rejected shows.
CREATE VIEW reporting.rejected_calls WITH (security_barrier) AS
SELECT account_sid, sid, first_seen_at, last_seen_at FROM rejected_calls;

-- Tables that hold no customer data: shown whole.
CREATE VIEW reporting.call_rollup_minute WITH (security_barrier) AS SELECT * FROM call_rollup_minute;
CREATE VIEW reporting.call_rollup_hourly WITH (security_barrier) AS SELECT * FROM call_rollup_hourly;
CREATE VIEW reporting.call_rollup_daily WITH (security_barrier) AS SELECT * FROM call_rollup_daily;
CREATE VIEW reporting.call_rollup_agent_hourly WITH (security_barrier) AS
  SELECT * FROM call_rollup_agent_hourly;
CREATE VIEW reporting.call_rollup_agent_daily WITH (security_barrier) AS
  SELECT * FROM call_rollup_agent_daily;
CREATE VIEW reporting.health_rollup_daily WITH (security_barrier) AS SELECT * FROM health_rollup_daily;
CREATE VIEW reporting.exophone_health_periods WITH (security_barrier) AS
  SELECT * FROM exophone_health_periods;
CREATE VIEW reporting.heartbeat_state WITH (security_barrier) AS SELECT * FROM heartbeat_state;
CREATE VIEW reporting.tags WITH (security_barrier) AS SELECT * FROM tags;
CREATE VIEW reporting.tag_values WITH (security_barrier) AS SELECT * FROM tag_values;
CREATE VIEW reporting.tag_state WITH (security_barrier) AS SELECT * FROM tag_state;
CREATE VIEW reporting.calendars WITH (security_barrier) AS SELECT * FROM calendars;
CREATE VIEW reporting.calendar_versions WITH (security_barrier) AS SELECT * FROM calendar_versions;
CREATE VIEW reporting.calendar_assignments WITH (security_barrier) AS SELECT * FROM calendar_assignments;
CREATE VIEW reporting.calendar_periods WITH (security_barrier) AS SELECT * FROM calendar_periods;
CREATE VIEW reporting.sync_state WITH (security_barrier) AS SELECT * FROM sync_state;
CREATE VIEW reporting.backfill_jobs WITH (security_barrier) AS SELECT * FROM backfill_jobs;

-- The reader's privileges: the reporting views, nothing else. As in 004, a database user that may not
-- manage the role leaves it as it is, with a notice (docs/operator-guide.md, "Read-only SQL access").
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'exowatch_reader') THEN
    RAISE NOTICE 'exowatch_reader does not exist: grant it the reporting schema when it is created (see docs/operator-guide.md)';
    RETURN;
  END IF;
  REVOKE ALL ON ALL TABLES IN SCHEMA public FROM exowatch_reader;
  ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM exowatch_reader;
  -- TimescaleDB's chunks (and compressed chunks) carry the privileges their hypertable had.
  IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '_timescaledb_internal') THEN
    EXECUTE 'REVOKE ALL ON ALL TABLES IN SCHEMA _timescaledb_internal FROM exowatch_reader';
  END IF;
  GRANT USAGE ON SCHEMA reporting TO exowatch_reader;
  GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO exowatch_reader;
  ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO exowatch_reader;
  -- Unqualified names (FROM calls) then mean the reporting views, for the reader only.
  BEGIN
    EXECUTE format('ALTER ROLE exowatch_reader IN DATABASE %I SET search_path = reporting',
                   current_database());
  EXCEPTION
    WHEN insufficient_privilege THEN
      RAISE NOTICE 'exowatch_reader search_path not set: the database user may not alter roles; qualify names (reporting.calls)';
  END;
END
$$;
