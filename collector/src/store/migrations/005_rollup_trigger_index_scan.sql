-- The repeat-caller part of calls_mark_rollups() looked up the caller's earlier calls with
-- `from_number = X AND date_created in [t - 24h, t)`. For freshly written days the planner's
-- statistics end before `t`, so it estimates one row for that date range and picks the date_created
-- index: every inserted inbound call scanned all calls of the previous 24 hours (the store's upsert
-- rate fell 15x). Writing the upper bound as an expression (`date_created + interval '0'`) keeps the
-- date_created index from serving the range alone, so the lookup goes through
-- (from_number, date_created) and reads only the caller's own calls.
CREATE OR REPLACE FUNCTION calls_mark_rollups() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM mark_rollup_slot(OLD.date_created);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM mark_rollup_slot(NEW.date_created);
    IF NEW.direction = 'inbound' AND NEW.from_number IS NOT NULL
       AND (TG_OP = 'INSERT' OR OLD.from_number IS DISTINCT FROM NEW.from_number
            OR OLD.direction IS DISTINCT FROM NEW.direction) THEN
      INSERT INTO rollup_dirty_slots (slot)
      SELECT DISTINCT rollup_slot(c.date_created) FROM calls c
      WHERE c.from_number = NEW.from_number AND c.direction = 'inbound'
        AND c.date_created >= NEW.date_created - interval '24 hours'
        AND c.date_created + interval '0' < NEW.date_created
      ON CONFLICT (slot) DO UPDATE SET touched = rollup_dirty_slots.touched + 1;
    END IF;
  END IF;
  RETURN NULL;
END $$;
