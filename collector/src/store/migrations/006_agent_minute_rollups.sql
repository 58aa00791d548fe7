-- Rollups for the two query shapes the call rollups of 003 could not answer (see docs/kpis.md):
--   * by agent: the same measures per bucket and (tags, agent, direction), for queries grouped or
--     filtered by agent (and not by ExoPhone or flow);
--   * by minute: the same measures per minute and (tags, ExoPhone, flow, direction), kept for the
--     recent hours only (a NOC screen's live panel); `hour` is the rollup hour the minute lies in.
-- Both are recomputed with the hourly rollups from the same dirty slots, so a query uses a bucket
-- only when nothing in it changed since it was computed, exactly like the tables of 003.
CREATE TABLE call_rollup_agent_hourly (LIKE call_rollup_hourly);
ALTER TABLE call_rollup_agent_hourly DROP COLUMN exophone, DROP COLUMN flow, ADD COLUMN agent text;
CREATE INDEX call_rollup_agent_hourly_bucket_idx ON call_rollup_agent_hourly (bucket, direction);
CREATE TABLE call_rollup_agent_daily (LIKE call_rollup_agent_hourly);
CREATE INDEX call_rollup_agent_daily_bucket_idx ON call_rollup_agent_daily (bucket, direction);

CREATE TABLE call_rollup_minute (LIKE call_rollup_hourly);
ALTER TABLE call_rollup_minute ADD COLUMN hour timestamptz NOT NULL;
CREATE INDEX call_rollup_minute_hour_idx ON call_rollup_minute (hour, direction);

-- Minute rows exist for every computed hour starting at or after `since`; refreshRollups() moves it
-- forward (never back) and deletes the minute rows before it.
CREATE TABLE minute_rollup_state (
  id     boolean     PRIMARY KEY DEFAULT true CHECK (id),
  since  timestamptz NOT NULL DEFAULT '-infinity'
);
INSERT INTO minute_rollup_state DEFAULT VALUES;

-- Hours computed before this migration have no agent or minute rows: every slot starts dirty.
INSERT INTO rollup_dirty_slots (slot) SELECT DISTINCT rollup_slot(date_created) FROM calls
ON CONFLICT (slot) DO UPDATE SET touched = rollup_dirty_slots.touched + 1;
