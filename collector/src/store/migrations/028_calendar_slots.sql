-- A call's business-hours period by 15-minute slot (rollups/facts.ts): the period of every instant of
-- a slot when exactly one of its calendar's periods touches the slot and covers it whole, NULL when a
-- boundary falls inside it (the call's own instant then decides, from calendar_periods). Calendars keep
-- wall-clock times and every time zone's offset is a multiple of 15 minutes, so nearly every slot has
-- its period here. Looking up each call's period in calendar_periods was a probe per call, a third of
-- the facts' cost; a join on (calendar, slot) is one the planner hashes.
CREATE TABLE calendar_slots (
  calendar_id  text        NOT NULL REFERENCES calendars (id) ON DELETE CASCADE,
  slot         timestamptz NOT NULL,
  period       text        CHECK (period IN ('business_hours', 'after_hours', 'holiday')),
  PRIMARY KEY (calendar_id, slot)
);

-- Rewrites a calendar's slots from the one holding `since` on, from its periods (as written up to
-- `until`, the horizon); the calendar writes call it after writing the periods (calendars/store.ts).
CREATE FUNCTION write_calendar_slots(calendar text, since timestamptz, until timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  first_slot timestamptz := CASE WHEN isfinite(since) THEN rollup_slot(since) ELSE '-infinity' END;
BEGIN
  DELETE FROM calendar_slots WHERE calendar_id = calendar AND slot >= first_slot;
  INSERT INTO calendar_slots (calendar_id, slot, period)
  SELECT calendar, s.slot,
         CASE WHEN count(*) = 1 AND min(k.start_at) <= s.slot AND max(k.end_at) >= s.slot + interval '15 minutes'
              THEN min(k.period) END
  FROM calendar_periods k
  CROSS JOIN LATERAL generate_series(greatest(rollup_slot(k.start_at), first_slot),
    least(k.end_at, until) - interval '1 microsecond', interval '15 minutes') s(slot)
  WHERE k.calendar_id = calendar AND k.end_at > first_slot AND k.start_at < until
  GROUP BY s.slot;
END $$;

SELECT write_calendar_slots(id, '-infinity', 'infinity') FROM calendars;
