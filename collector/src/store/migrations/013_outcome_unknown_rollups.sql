-- Inbound calls with no evidence of their outcome (no leg Details from the Bulk API, no Passthru
-- event) are counted in their own measure, `outcome_unknown`, instead of as IVR-only (docs/kpis.md
-- "The agent leg outcome"); and a call known only from Passthru is now answered on CallType
-- completed, with its talk time from DialCallDuration. Every rollup table keeps the new measure.
ALTER TABLE call_rollup_hourly ADD COLUMN outcome_unknown bigint NOT NULL DEFAULT 0;
ALTER TABLE call_rollup_daily ADD COLUMN outcome_unknown bigint NOT NULL DEFAULT 0;
ALTER TABLE call_rollup_agent_hourly ADD COLUMN outcome_unknown bigint NOT NULL DEFAULT 0;
ALTER TABLE call_rollup_agent_daily ADD COLUMN outcome_unknown bigint NOT NULL DEFAULT 0;
ALTER TABLE call_rollup_minute ADD COLUMN outcome_unknown bigint NOT NULL DEFAULT 0;

-- Rows computed before this migration hold the old definitions: every slot with an inbound call is
-- recomputed (and its missed calls, through rollup_marks_mark_callbacks of 009).
INSERT INTO rollup_dirty_slots (slot)
SELECT DISTINCT rollup_slot(date_created) FROM calls WHERE direction = 'inbound'
ON CONFLICT (slot) DO UPDATE SET touched = rollup_dirty_slots.touched + 1;
