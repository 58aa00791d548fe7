-- Calls pulled from Exotel's Bulk Call Details API: one row per call Sid.
-- This table is a public interface (Grafana's PostgreSQL data source reads it): see docs/schema.md.
-- `to`/`from` are SQL reserved words, so Exotel's To/From live in to_number/from_number.
-- The primary key includes date_created because a TimescaleDB hypertable partitioned on it
-- requires every unique index to include it; Exotel never changes a call's DateCreated.
CREATE TABLE calls (
  sid                   text        NOT NULL,
  date_created          timestamptz NOT NULL,
  date_updated          timestamptz,
  account_sid           text        NOT NULL,
  parent_call_sid       text,
  to_number             text,
  to_raw                text,
  from_number           text,
  from_raw              text,
  phone_number          text,
  phone_number_raw      text,
  phone_number_sid      text,
  status                text,
  start_time            timestamptz,
  end_time              timestamptz,
  duration              integer,
  price                 numeric(12, 4),
  direction             text,
  answered_by           text,
  uri                   text,
  recording_url         text,
  conversation_duration integer,
  leg1_status           text,
  leg2_status           text,
  legs                  jsonb,
  raw                   jsonb       NOT NULL,
  synced_at             timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sid, date_created)
);

CREATE INDEX calls_account_created_idx ON calls (account_sid, date_created);
CREATE INDEX calls_phone_number_created_idx ON calls (phone_number, date_created);
CREATE INDEX calls_from_created_idx ON calls (from_number, date_created);

-- Incremental sync state, one row per account.
CREATE TABLE sync_state (
  account_sid         text PRIMARY KEY,
  -- Everything created before this instant has been read at least once.
  synced_until        timestamptz,
  last_run_started_at timestamptz,
  last_success_at     timestamptz,
  last_full_reread_at timestamptz,
  last_error          text,
  last_error_at       timestamptz,
  calls_written_total bigint NOT NULL DEFAULT 0
);

-- Backfill jobs, checkpointed after every page so a killed backfill resumes where it stopped.
CREATE TABLE backfill_jobs (
  id              text PRIMARY KEY,
  account_sid     text        NOT NULL,
  range_from      timestamptz NOT NULL,
  range_to        timestamptz NOT NULL,
  window_index    integer     NOT NULL DEFAULT 0,
  -- Resolved NextPageUri of the page to read next within window_index; null = window start.
  next_cursor     text,
  pages_read      integer     NOT NULL DEFAULT 0,
  calls_written   bigint      NOT NULL DEFAULT 0,
  status          text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done')),
  started_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz
);

-- Records Exotel sent that could not be normalised (no Sid, unreadable DateCreated, a non-numeric
-- Duration…): kept whole for inspection instead of being dropped, and counted in the metrics.
CREATE TABLE rejected_calls (
  account_sid   text        NOT NULL,
  payload_hash  text        NOT NULL,
  sid           text,
  reason        text        NOT NULL,
  raw           jsonb       NOT NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_sid, payload_hash)
);
