-- Rollup counts as integer, not bigint: the rollups were a fifth of exowatch's disk at 10 M calls
-- (bench:query, ~155 B per call), most of it 29 eight-byte measures per row. A count of one bucket
-- (an hour or a day of one combination of tags, ExoPhone, flow, agent, direction and period) stays far
-- below 2^31; talk_seconds stays bigint (a busy day of one combination can pass 2^31 seconds' worth
-- only in theory, and one column costs little). Sums over the rollups are bigint as before
-- (SUM(integer) is bigint), so no query changes.
-- Each table's reporting view (014: SELECT * FROM it, security_barrier) holds its column types: it is
-- dropped and made again the same; the reporting schema's default privileges grant it to exowatch_reader.
DO $$
DECLARE
  rollup text;
  changes text;
BEGIN
  FOREACH rollup IN ARRAY ARRAY['call_rollup_minute', 'call_rollup_hourly', 'call_rollup_daily',
                                'call_rollup_agent_hourly', 'call_rollup_agent_daily'] LOOP
    EXECUTE format('DROP VIEW reporting.%I', rollup);
    SELECT string_agg(format('ALTER COLUMN %I TYPE integer', attname), ', ' ORDER BY attnum) INTO changes
    FROM pg_attribute
    WHERE attrelid = rollup::regclass AND attnum > 0 AND NOT attisdropped
      AND atttypid = 'bigint'::regtype AND attname <> 'talk_seconds';
    -- One ALTER TABLE per table: the table and its indexes are rewritten once.
    EXECUTE format('ALTER TABLE %I %s', rollup, changes);
    EXECUTE format('CREATE VIEW reporting.%I WITH (security_barrier) AS SELECT * FROM %I', rollup, rollup);
  END LOOP;
END $$;
