-- Health queries look up the periods overlapping each cell of a range (rollups/healthPieces.ts) and
-- the incidents of a range (query/annotations.ts). The (started_at, ended_at) index bounds only
-- started_at < end, so every lookup read all the history before the range: 288 five-minute cells of
-- one day read 62 M index entries, 25–40 s. A GiST index on the period's span finds the overlapping
-- periods alone. The span is closed ('[]') and an open period runs to infinity, so it covers every
-- period the queries' exact conditions accept (a zero-length period, or one still open at `now`).
CREATE INDEX exophone_health_periods_span_idx ON exophone_health_periods
  USING gist (tstzrange(started_at, coalesce(ended_at, 'infinity'), '[]'));
