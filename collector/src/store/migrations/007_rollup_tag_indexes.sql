-- Tag filters (`team in (A, B)`) on the rollups: `tags @> '{"team": "A"}'` lookups through these
-- indexes, intersected with the bucket index, read only the rows of the chosen tag values instead of
-- every row of the range (query/sql.ts writes tag filters that way). jsonb_path_ops: @> only, smaller.
CREATE INDEX call_rollup_hourly_tags_idx ON call_rollup_hourly USING gin (tags jsonb_path_ops);
CREATE INDEX call_rollup_daily_tags_idx ON call_rollup_daily USING gin (tags jsonb_path_ops);
CREATE INDEX call_rollup_agent_hourly_tags_idx ON call_rollup_agent_hourly USING gin (tags jsonb_path_ops);
CREATE INDEX call_rollup_agent_daily_tags_idx ON call_rollup_agent_daily USING gin (tags jsonb_path_ops);
CREATE INDEX call_rollup_minute_tags_idx ON call_rollup_minute USING gin (tags jsonb_path_ops);
