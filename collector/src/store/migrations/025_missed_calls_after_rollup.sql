-- Since missed_call_rollup (024) answers the callback metrics over settled slots, missed_calls is read
-- by missed_at ranges of a query's unsettled last hours and partial slots, by the calls waiting at an
-- instant (missed_calls_open_until_idx), and by queries by agent, ExoPhone or flow over a range: tag
-- filters are checked on those rows, so the GIN index on tags (about 44 bytes per missed call) goes. The
-- primary key leads with missed_at and serves the range reads, so the index on missed_at alone (about
-- 22 bytes) goes too; no reader looks a missed call up by its sid alone.
DROP INDEX missed_calls_tags_idx;
ALTER TABLE missed_calls DROP CONSTRAINT missed_calls_pkey, ADD PRIMARY KEY (missed_at, sid);
DROP INDEX missed_calls_missed_at_idx;
