-- Missed calls summed per 15-minute slot of their start (rollup_slot), tags and period, so the callback
-- metrics over settled slots read one row per slot and tag set instead of one per missed call (at 10 M
-- calls a week holds ~180,000 missed calls and ~8,700 of these rows), kept by triggers on missed_calls.
-- A row is only read once every call of it has stopped waiting by the query's now (settled_at), where
-- the counts no longer depend on now; callbacks/missedRollup.ts decides which slots a query reads from
-- here. Agent, ExoPhone and flow are not kept: each would multiply the rows (an account's ExoPhones
-- outnumber its tag sets), and the dashboards ask the callback metrics by team; queries by them read
-- missed_calls.
CREATE TABLE missed_call_rollup (
  slot             timestamptz        NOT NULL,
  tags             jsonb              NOT NULL,
  period           text               NOT NULL,
  missed           integer            NOT NULL,
  called_back      integer            NOT NULL,
  -- The slot boundary by which every window of the row has ended (max(window_ends_at) rounded up).
  settled_at       timestamptz        NOT NULL,
  -- Callback seconds of the called-back calls, ascending: time_to_callback's quantiles stay exact.
  callback_seconds double precision[] NOT NULL,
  -- When the calls stopped waiting (open_until, rounded up to a slot boundary), ascending, and how many
  -- stopped at each: missed_callbacks_open counted exactly at slot-aligned instants.
  open_ends        timestamptz[]      NOT NULL,
  open_counts      integer[]          NOT NULL
);
CREATE INDEX missed_call_rollup_slot_idx ON missed_call_rollup (slot);
-- The first slot not yet settled at an instant (the rollup's horizon), and the rows still waiting at
-- a range's first instant (missed_callbacks_open).
CREATE INDEX missed_call_rollup_settled_idx ON missed_call_rollup (settled_at, slot);

-- Concatenates arrays (the callback seconds of a group's rollup rows and missed calls, whose quantiles
-- are then taken in one sort: callbacks/callbackSql.ts).
CREATE AGGREGATE array_cat_agg(anycompatiblearray) (SFUNC = array_cat, STYPE = anycompatiblearray);

-- Rebuilds the rows of `slots` (slot starts) from missed_calls as they are.
CREATE FUNCTION missed_call_rollup_rebuild(slots timestamptz[]) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM missed_call_rollup WHERE slot = ANY(slots);
  INSERT INTO missed_call_rollup
  SELECT slot, tags, period, count(*), count(called_back_at),
         rollup_slot(max(window_ends_at) - interval '1 microsecond') + interval '15 minutes',
         coalesce(array_agg(callback_seconds ORDER BY callback_seconds)
                    FILTER (WHERE called_back_at IS NOT NULL), '{}'),
         array_agg(open_end ORDER BY open_end) FILTER (WHERE first_of_end),
         array_agg(ended ORDER BY open_end) FILTER (WHERE first_of_end)
  FROM (
    SELECT slot, tags, period, window_ends_at, called_back_at, callback_seconds, open_end,
           count(*) OVER same_end AS ended, row_number() OVER same_end = 1 AS first_of_end
    FROM (
      SELECT s.slot, m.tags, m.period, m.window_ends_at, m.called_back_at,
             m.callback_seconds, rollup_slot(m.open_until - interval '1 microsecond') + interval '15 minutes' AS open_end
      FROM (SELECT DISTINCT unnest(slots) AS slot) s
      JOIN missed_calls m ON m.missed_at >= s.slot AND m.missed_at < s.slot + interval '15 minutes'
    ) m
    WINDOW same_end AS (PARTITION BY slot, tags, period, open_end)
  ) m
  GROUP BY slot, tags, period;
$$;

-- Whoever writes missed_calls (refreshCallbacks() deletes and inserts a slot's rows in one transaction,
-- a collector of an older version included), the slots it wrote are rebuilt in the same transaction:
-- once per statement, from its transition table. Retention and erasure update `customer` only, which
-- the rollup does not keep.
CREATE FUNCTION missed_calls_rebuild_rollup() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM missed_call_rollup_rebuild(ARRAY(SELECT DISTINCT rollup_slot(missed_at) FROM changed));
  RETURN NULL;
END;
$$;
CREATE TRIGGER missed_calls_rollup_on_insert AFTER INSERT ON missed_calls
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION missed_calls_rebuild_rollup();
CREATE TRIGGER missed_calls_rollup_on_delete AFTER DELETE ON missed_calls
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION missed_calls_rebuild_rollup();
-- Transition tables cannot be had with a column list: an update of what the rollup keeps, which nothing
-- does today, rebuilds row by row.
CREATE FUNCTION missed_calls_rebuild_rollup_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM missed_call_rollup_rebuild(ARRAY[rollup_slot(OLD.missed_at), rollup_slot(NEW.missed_at)]);
  RETURN NULL;
END;
$$;
CREATE TRIGGER missed_calls_rollup_on_update
  AFTER UPDATE OF missed_at, tags, period, window_ends_at, called_back_at, callback_seconds
  ON missed_calls FOR EACH ROW EXECUTE FUNCTION missed_calls_rebuild_rollup_row();

SELECT missed_call_rollup_rebuild(ARRAY(SELECT DISTINCT rollup_slot(missed_at) FROM missed_calls));
