-- Business calendars (docs/kpis.md "Business hours") and the `period` dimension of the call rollups.

-- A calendar: an id, a display name, effective-dated versions of its rules, and the targets it applies to.
CREATE TABLE calendars (
  id          text        PRIMARY KEY CHECK (id ~ '^[a-z0-9_-]{1,40}$'),
  name        text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Rules (time zone, opening hours per weekday, holidays: the contract's CalendarRules) in force from
-- valid_from. Versions of one calendar never overlap and the last one is open (valid_to infinity).
CREATE TABLE calendar_versions (
  id           bigserial   PRIMARY KEY,
  calendar_id  text        NOT NULL REFERENCES calendars (id) ON DELETE CASCADE,
  rules        jsonb       NOT NULL,
  valid_from   timestamptz NOT NULL,
  valid_to     timestamptz NOT NULL DEFAULT 'infinity',
  CHECK (valid_to > valid_from)
);
CREATE INDEX calendar_versions_calendar_idx ON calendar_versions (calendar_id, valid_from);

-- What a calendar applies to, effective-dated like tags: `team:<team tag value>`, an ExoPhone (E.164),
-- `flow:<flow_id>` or `default`. At any instant a target belongs to at most one calendar.
CREATE TABLE calendar_assignments (
  id           bigserial   PRIMARY KEY,
  calendar_id  text        NOT NULL REFERENCES calendars (id) ON DELETE CASCADE,
  target       text        NOT NULL,
  valid_from   timestamptz NOT NULL,
  valid_to     timestamptz NOT NULL DEFAULT 'infinity',
  CHECK (valid_to > valid_from)
);
CREATE INDEX calendar_assignments_target_idx ON calendar_assignments (target, valid_from);
CREATE INDEX calendar_assignments_calendar_idx ON calendar_assignments (calendar_id, valid_from);

-- Each calendar's versions cut into consecutive [start_at, end_at) intervals with their period, as
-- calendarIntervals() (src/calendars/calendar.ts) computes them: the SQL looks a call's period up here,
-- so the SQL and the TypeScript side agree by construction. Written from the first version's
-- valid_from up to calendar_horizon.until; time not covered by any version has no rows (no rules:
-- business hours).
CREATE TABLE calendar_periods (
  calendar_id  text        NOT NULL REFERENCES calendars (id) ON DELETE CASCADE,
  start_at     timestamptz NOT NULL,
  end_at       timestamptz NOT NULL,
  period       text        NOT NULL CHECK (period IN ('business_hours', 'after_hours', 'holiday')),
  PRIMARY KEY (calendar_id, start_at),
  CHECK (end_at > start_at)
);

-- calendar_periods are written up to this instant; the rollup schedule keeps it weeks ahead of now.
CREATE TABLE calendar_horizon (
  id     boolean     PRIMARY KEY DEFAULT true CHECK (id),
  until  timestamptz NOT NULL DEFAULT '-infinity'
);
INSERT INTO calendar_horizon DEFAULT VALUES;

-- Every call rollup keeps the period of its calls. No calendar exists yet, so every call stored so far
-- is in business hours: the rows already computed stay exact.
ALTER TABLE call_rollup_hourly ADD COLUMN period text NOT NULL DEFAULT 'business_hours';
ALTER TABLE call_rollup_daily ADD COLUMN period text NOT NULL DEFAULT 'business_hours';
ALTER TABLE call_rollup_agent_hourly ADD COLUMN period text NOT NULL DEFAULT 'business_hours';
ALTER TABLE call_rollup_agent_daily ADD COLUMN period text NOT NULL DEFAULT 'business_hours';
ALTER TABLE call_rollup_minute ADD COLUMN period text NOT NULL DEFAULT 'business_hours';
ALTER TABLE call_rollup_hourly ALTER COLUMN period DROP DEFAULT;
ALTER TABLE call_rollup_daily ALTER COLUMN period DROP DEFAULT;
ALTER TABLE call_rollup_agent_hourly ALTER COLUMN period DROP DEFAULT;
ALTER TABLE call_rollup_agent_daily ALTER COLUMN period DROP DEFAULT;
ALTER TABLE call_rollup_minute ALTER COLUMN period DROP DEFAULT;
