import { rowTrigger, triggerFunction } from '../migrationSql/functions';
import { bumpTouched, callsMarkRollups, markRollupSlot } from '../migrationSql/marking';

export const sql = `-- Business tags (effective-dated) and the rollups that keep dashboards fast. See docs/kpis.md.

-- Manual tags. A target is an E.164 number (ExoPhone or agent) or \`flow:<flow_id>\`. Rows of one
-- (target, key) never overlap: setting a new value closes the open row at the new row's valid_from.
CREATE TABLE tags (
  id          bigserial   PRIMARY KEY,
  target      text        NOT NULL,
  key         text        NOT NULL,
  value       text        NOT NULL,
  valid_from  timestamptz NOT NULL,
  valid_to    timestamptz NOT NULL DEFAULT 'infinity',
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to > valid_from)
);
CREATE INDEX tags_target_key_idx ON tags (target, key, valid_from);
CREATE INDEX tags_key_value_idx ON tags (key, value);

-- Every tag in force at some time: manual rows plus the automatic \`region\` of each ExoPhone from the
-- ExoPhone list (kept apart: a manual tag with the same key wins, see tag_state).
CREATE VIEW tag_values AS
SELECT target, key, value, valid_from, valid_to, 'manual'::text AS source, 1 AS priority FROM tags
UNION ALL
(SELECT DISTINCT ON (phone_number) phone_number, 'region', region, '-infinity'::timestamptz, 'infinity'::timestamptz,
        'exophone_list', 0
 FROM exophones
 WHERE phone_number IS NOT NULL AND coalesce(region, '') <> ''
 ORDER BY phone_number, updated_at DESC);

-- Per target, consecutive periods covering all time, each with the full key → value map in force
-- (manual over automatic). A call or health period looks up its targets' maps as of its time.
CREATE VIEW tag_state AS
WITH bounds AS (
  SELECT target, valid_from AS t FROM tag_values
  UNION SELECT target, valid_to FROM tag_values
  UNION SELECT target, '-infinity'::timestamptz FROM tag_values
  UNION SELECT target, 'infinity'::timestamptz FROM tag_values
), spans AS (
  SELECT target, t AS valid_from, lead(t) OVER (PARTITION BY target ORDER BY t) AS valid_to FROM bounds
)
SELECT s.target, s.valid_from, s.valid_to,
       coalesce((SELECT jsonb_object_agg(v.key, v.value ORDER BY v.priority)
                 FROM tag_values v
                 WHERE v.target = s.target AND v.valid_from <= s.valid_from AND v.valid_to > s.valid_from),
                '{}'::jsonb) AS tags
FROM spans s
WHERE s.valid_to IS NOT NULL;

-- The business time zone rollup buckets are cut in (hours and days of that zone).
CREATE TABLE rollup_settings (
  id         boolean PRIMARY KEY DEFAULT true CHECK (id),
  time_zone  text    NOT NULL
);
INSERT INTO rollup_settings (time_zone) VALUES ('Asia/Kolkata');

-- Per-call measures summed per bucket and (tags, ExoPhone, flow, direction). Tags are resolved as of
-- each call's start when the bucket is computed; a tag change marks the buckets it affects dirty.
CREATE TABLE call_rollup_hourly (
  bucket               timestamptz NOT NULL,
  tags                 jsonb       NOT NULL,
  exophone             text,
  flow                 text,
  direction            text,
  calls                bigint NOT NULL,
  st_completed         bigint NOT NULL,
  st_busy              bigint NOT NULL,
  st_no_answer         bigint NOT NULL,
  st_failed            bigint NOT NULL,
  st_other             bigint NOT NULL,
  offered              bigint NOT NULL,
  answered             bigint NOT NULL,
  ivr_only             bigint NOT NULL,
  missed_no_answer     bigint NOT NULL,
  missed_busy          bigint NOT NULL,
  missed_failed        bigint NOT NULL,
  missed_caller_hangup bigint NOT NULL,
  missed_unsettled     bigint NOT NULL,
  talk_seconds         bigint NOT NULL,
  sl_unknown           bigint NOT NULL,
  sl_within_5          bigint NOT NULL,
  sl_within_10         bigint NOT NULL,
  sl_within_15         bigint NOT NULL,
  sl_within_20         bigint NOT NULL,
  sl_within_30         bigint NOT NULL,
  sl_within_45         bigint NOT NULL,
  sl_within_60         bigint NOT NULL,
  sl_within_90         bigint NOT NULL,
  sl_within_120        bigint NOT NULL,
  sl_within_180        bigint NOT NULL,
  sl_within_300        bigint NOT NULL,
  repeat_calls         bigint NOT NULL
);
CREATE INDEX call_rollup_hourly_bucket_idx ON call_rollup_hourly (bucket, direction);
CREATE TABLE call_rollup_daily (LIKE call_rollup_hourly);
CREATE INDEX call_rollup_daily_bucket_idx ON call_rollup_daily (bucket, direction);

-- 15-minute UTC slots whose calls changed since their buckets were computed. Queries compute the
-- buckets holding a dirty slot from the raw tables; refreshRollups() recomputes and clears them.
-- \`touched\` is bumped on every mark so a writer always takes the row lock (no lost marks).
CREATE TABLE rollup_dirty_slots (
  slot     timestamptz PRIMARY KEY,
  touched  bigint      NOT NULL DEFAULT 0
);

CREATE FUNCTION rollup_slot(ts timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT date_bin('15 minutes', ts, '2000-01-01 00:00:00+00') $$;

${markRollupSlot({ replaces: false, obeysMarkingSwitch: false })}

-- A written call dirties its slot; a new inbound call also dirties the slots of the same caller's
-- inbound calls of the previous 24 hours (their repeat-caller flag may have changed).
${callsMarkRollups({ replaces: false, callerLookup: 'halfOpenRange', obeysMarkingSwitch: false })}

${rowTrigger('calls_mark_rollups', 'AFTER INSERT OR UPDATE OR DELETE ON calls')}

-- Passthru tells a call's flow and agent: a new event dirties its call's slot.
${triggerFunction({
  name: 'passthru_mark_rollups',
  firesOn: 'AFTER INSERT ON passthru_events',
  body: `  PERFORM mark_rollup_slot(c.date_created) FROM calls c WHERE c.sid = NEW.call_sid;
  RETURN NULL;`,
})}

-- ExoPhone health per day of the business time zone, per ExoPhone, direction and tag map, in seconds.
-- Only whole days that had ended when the row was computed (health_rollup_state.computed_until).
CREATE TABLE health_rollup_daily (
  bucket        timestamptz NOT NULL,
  tags          jsonb       NOT NULL,
  exophone      text,
  exophone_sid  text        NOT NULL,
  direction     text        NOT NULL,
  healthy_s     numeric     NOT NULL,
  affected_s    numeric     NOT NULL,
  unknown_s     numeric     NOT NULL
);
CREATE INDEX health_rollup_daily_bucket_idx ON health_rollup_daily (bucket);

CREATE TABLE health_rollup_state (
  id              boolean     PRIMARY KEY DEFAULT true CHECK (id),
  computed_until  timestamptz NOT NULL DEFAULT '-infinity'
);
INSERT INTO health_rollup_state DEFAULT VALUES;

-- Time ranges whose health (or the tags of its numbers) changed since computed.
CREATE TABLE health_dirty_ranges (
  id        bigserial   PRIMARY KEY,
  range_from timestamptz NOT NULL,
  range_to   timestamptz NOT NULL
);

${triggerFunction({
  name: 'health_mark_rollups',
  firesOn: 'AFTER INSERT OR UPDATE OR DELETE ON exophone_health_periods',
  body: `  IF TG_OP = 'UPDATE' AND OLD.state = NEW.state AND OLD.started_at = NEW.started_at
     AND OLD.exophone_sid = NEW.exophone_sid AND OLD.direction = NEW.direction
     AND OLD.phone_number IS NOT DISTINCT FROM NEW.phone_number
     AND OLD.ended_at IS NOT DISTINCT FROM NEW.ended_at THEN
    RETURN NULL; -- only last_seen_at moved
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO health_dirty_ranges (range_from, range_to) VALUES (OLD.started_at, coalesce(OLD.ended_at, 'infinity'));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO health_dirty_ranges (range_from, range_to) VALUES (NEW.started_at, coalesce(NEW.ended_at, 'infinity'));
  END IF;
  RETURN NULL;`,
})}

-- A changed ExoPhone list row may change the automatic region tag of its number.
${triggerFunction({
  name: 'exophones_mark_rollups',
  firesOn: 'AFTER INSERT OR UPDATE ON exophones',
  body: `  IF TG_OP = 'UPDATE' AND OLD.region IS NOT DISTINCT FROM NEW.region
     AND OLD.phone_number IS NOT DISTINCT FROM NEW.phone_number THEN
    RETURN NULL;
  END IF;
  INSERT INTO rollup_dirty_slots (slot)
  SELECT DISTINCT rollup_slot(c.date_created) FROM calls c
  WHERE c.phone_number IN (OLD.phone_number, NEW.phone_number)
  ${bumpTouched('rollup_dirty_slots')};
  INSERT INTO health_dirty_ranges (range_from, range_to) VALUES ('-infinity', 'infinity');
  RETURN NULL;`,
})}

-- Calls already stored before this migration: every slot starts dirty.
INSERT INTO rollup_dirty_slots (slot) SELECT DISTINCT rollup_slot(date_created) FROM calls;

-- Time-range scans of calls (raw query path, rollup refresh) on plain PostgreSQL.
CREATE INDEX calls_created_idx ON calls (date_created);
`;
