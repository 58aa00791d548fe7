-- Rollups per tag set and direction only (rollups/rollupTables.ts, `tags`), for every query that groups
-- and filters by tags alone: teams, regions, the whole account. The main rollups keep a row per ExoPhone,
-- flow and business-hours period too, so such a query summed several rows per tag set for every bucket:
-- a week of teams' expected traffic read some 200 rows an hour of its 8 weeks of history at 10 M calls.
-- Recomputed from the same dirty slots and facts as the other rollups (a regrouping of them), so a query
-- uses a bucket only when nothing in it changed since it was computed.
CREATE TABLE call_rollup_tags_hourly (LIKE call_rollup_hourly);
ALTER TABLE call_rollup_tags_hourly DROP COLUMN exophone, DROP COLUMN flow, DROP COLUMN period;
CREATE INDEX call_rollup_tags_hourly_bucket_idx ON call_rollup_tags_hourly (bucket, direction);
CREATE INDEX call_rollup_tags_hourly_tags_idx ON call_rollup_tags_hourly USING gin (tags jsonb_path_ops);
-- Expected traffic's history read from the index alone, as 018 does on the main hourly rollup.
CREATE INDEX call_rollup_tags_hourly_inbound_calls_idx ON call_rollup_tags_hourly (bucket) INCLUDE (tags, calls)
  WHERE direction = 'inbound';
CREATE TABLE call_rollup_tags_daily (LIKE call_rollup_tags_hourly);
CREATE INDEX call_rollup_tags_daily_bucket_idx ON call_rollup_tags_daily (bucket, direction);
CREATE INDEX call_rollup_tags_daily_tags_idx ON call_rollup_tags_daily USING gin (tags jsonb_path_ops);

-- Filled from the main rollups, of which they are a regrouping: nothing is recomputed from the calls,
-- and a dirty slot stays dirty for both until the next refresh. Every measure is a sum.
DO $$
DECLARE
  measures text;
  sums text;
BEGIN
  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum),
         string_agg(format('sum(%I)', attname), ', ' ORDER BY attnum)
  INTO measures, sums
  FROM pg_attribute
  WHERE attrelid = 'call_rollup_tags_hourly'::regclass AND attnum > 0 AND NOT attisdropped
    AND attname NOT IN ('bucket', 'tags', 'direction');
  EXECUTE format(
    'INSERT INTO call_rollup_tags_hourly (bucket, tags, direction, %s)
     SELECT bucket, tags, direction, %s FROM call_rollup_hourly GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
    measures, sums);
  EXECUTE format(
    'INSERT INTO call_rollup_tags_daily (bucket, tags, direction, %s)
     SELECT bucket, tags, direction, %s FROM call_rollup_daily GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
    measures, sums);
END
$$;

-- No customer data: shown whole to SQL readers, like the other rollups (014).
CREATE VIEW reporting.call_rollup_tags_hourly WITH (security_barrier) AS
  SELECT * FROM call_rollup_tags_hourly;
CREATE VIEW reporting.call_rollup_tags_daily WITH (security_barrier) AS
  SELECT * FROM call_rollup_tags_daily;
