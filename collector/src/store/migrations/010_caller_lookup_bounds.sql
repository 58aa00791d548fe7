-- The marking triggers look up a caller's calls before an instant: the repeat-caller flags of the 24
-- hours before a new inbound call (calls_mark_rollups, 005) and the missed calls of the 31 days before
-- a connection (mark_callback_customer, 009). Both wrote the upper bound as an expression so that the
-- date_created index alone could not serve the range (005), which left only the lower bound in the
-- (from_number, date_created) index scan: every later call of the same number was read and filtered.
-- A number many calls share (a withheld caller ID, a test line) then cost thousands of heap fetches
-- per written call or Passthru event: 10,000 calls of one caller made Passthru freshness 2.7 s p99.
-- Row comparisons bound both ends in (from_number, date_created), and only that index can serve them.

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
        AND (c.from_number, c.date_created) >= (NEW.from_number, NEW.date_created - interval '24 hours')
        AND (c.from_number, c.date_created) < (NEW.from_number, NEW.date_created)
      ON CONFLICT (slot) DO UPDATE SET touched = rollup_dirty_slots.touched + 1;
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION mark_callback_customer(caller_number text, connected_at timestamptz) RETURNS void
LANGUAGE sql
AS $$
  INSERT INTO callback_dirty_slots (slot)
  SELECT DISTINCT rollup_slot(c.date_created) FROM calls c
  WHERE c.from_number = $1 AND c.direction = 'inbound'
    AND (c.from_number, c.date_created) >= ($1, $2 - interval '31 days')
    AND (c.from_number, c.date_created) < ($1, $2)
  ON CONFLICT (slot) DO UPDATE SET touched = callback_dirty_slots.touched + 1
$$;
