-- Expected traffic (traffic/expectedTraffic.ts) reads the hourly inbound call counts of the 8 weeks
-- before every bucket it shows, per tag value: some 1,300 hours of rollup rows. Those hours are closed,
-- so their rows stay put and their pages all-visible, and this index answers the read from the index
-- alone instead of visiting a heap page per row (the rows are wide: every measure of every direction).
CREATE INDEX call_rollup_hourly_inbound_calls_idx ON call_rollup_hourly (bucket) INCLUDE (tags, calls)
  WHERE direction = 'inbound';
