import { triggerFunction } from '../migrationSql/functions';
import { bumpTouched, markCallbackCustomer } from '../migrationSql/marking';

export const sql = `-- Missed-call callbacks (docs/kpis.md "Callbacks"). One row per missed inbound call with its
-- dimensions (tags as of the call's start, like the rollups), the end of its callback window and
-- the callback that came within it. Rows are computed by the collector (the window is business time
-- of the call's calendar, computed in TypeScript) and recomputed for marked slots; whether a window
-- has ended or a call is still waiting is decided at query time against the query's now.
CREATE TABLE missed_calls (
  sid              text        NOT NULL,
  missed_at        timestamptz NOT NULL,
  customer         text,
  tags             jsonb       NOT NULL,
  exophone         text,
  flow             text,
  agent            text,
  period           text        NOT NULL,
  window_ends_at   timestamptz NOT NULL,
  called_back_at   timestamptz,
  callback_seconds double precision,
  -- Until when the call waits: its callback, or else its window end.
  open_until       timestamptz GENERATED ALWAYS AS (least(window_ends_at, called_back_at)) STORED,
  PRIMARY KEY (sid, missed_at)
);
CREATE INDEX missed_calls_missed_at_idx ON missed_calls (missed_at);
-- Tag filters (\`tags @> '{"team": "A"}'\`, query/sql.ts), as on the rollups (migration 007).
CREATE INDEX missed_calls_tags_idx ON missed_calls USING gin (tags jsonb_path_ops);
-- Calls waiting at some instant of a range (missed_callbacks_open, the worklist).
CREATE INDEX missed_calls_waiting_idx ON missed_calls USING gist (tstzrange(missed_at, open_until));

-- Outbound calls by the customer they dialled: callbacks are looked up by number.
CREATE INDEX calls_to_created_idx ON calls (to_number, date_created) WHERE direction <> 'inbound';

-- The windows in force (collector config \`callbacks\`, written at start-up).
CREATE TABLE callback_settings (
  id                      boolean PRIMARY KEY DEFAULT true CHECK (id),
  window_minutes          integer NOT NULL DEFAULT 120,
  window_minutes_by_team  jsonb   NOT NULL DEFAULT '{}'
);
INSERT INTO callback_settings DEFAULT VALUES;

-- 15-minute slots (rollup_slot) whose missed calls may have changed since computed. Readers compute
-- the rows of marked slots from the raw tables; refreshCallbacks() recomputes and clears them.
CREATE TABLE callback_dirty_slots (
  slot     timestamptz PRIMARY KEY,
  touched  bigint      NOT NULL DEFAULT 0
);

-- Whatever marks a rollup slot (a call written or settled, a Passthru event, a tag or ExoPhone
-- change, a new rollup time zone) changes that slot's missed calls too.
${triggerFunction({
  name: 'rollup_marks_mark_callbacks',
  firesOn: 'AFTER INSERT OR UPDATE ON rollup_dirty_slots',
  body: `  INSERT INTO callback_dirty_slots (slot) VALUES (NEW.slot)
  ${bumpTouched('callback_dirty_slots')};
  RETURN NULL;`,
})}

-- A call that connected with \`customer\` at \`at\` may be the callback of the customer's inbound calls
-- of the 31 days before (no window reaches further): mark their slots. The upper bound is written as
-- an expression so the (from_number, date_created) index serves the lookup (see migration 005).
${markCallbackCustomer({ replaces: false, callerLookup: 'expressionUpperBound', obeysMarkingSwitch: false })}

-- Inbound calls (answered or not: Passthru may settle it later) and completed outbound calls, as
-- they were and as they are.
${triggerFunction({
  name: 'calls_mark_callbacks',
  firesOn: 'AFTER INSERT OR UPDATE OR DELETE ON calls',
  body: `  IF TG_OP = 'UPDATE'
     AND (OLD.status, OLD.direction, OLD.from_number, OLD.to_number, OLD.leg2_status, OLD.date_created)
         IS NOT DISTINCT FROM (NEW.status, NEW.direction, NEW.from_number, NEW.to_number, NEW.leg2_status, NEW.date_created) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND (OLD.direction = 'inbound' OR OLD.status = 'completed') THEN
    PERFORM mark_callback_customer(CASE WHEN OLD.direction = 'inbound' THEN OLD.from_number ELSE OLD.to_number END,
                                   OLD.date_created);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND (NEW.direction = 'inbound' OR NEW.status = 'completed') THEN
    PERFORM mark_callback_customer(CASE WHEN NEW.direction = 'inbound' THEN NEW.from_number ELSE NEW.to_number END,
                                   NEW.date_created);
  END IF;
  RETURN NULL;`,
})}

-- Passthru may tell that an inbound call was answered: it may be a callback.
${triggerFunction({
  name: 'passthru_mark_callbacks',
  firesOn: 'AFTER INSERT ON passthru_events',
  body: `  PERFORM mark_callback_customer(c.from_number, c.date_created) FROM calls c
  WHERE c.sid = NEW.call_sid AND c.direction = 'inbound';
  RETURN NULL;`,
})}

-- Calls stored before this migration: every slot with an inbound call starts marked.
INSERT INTO callback_dirty_slots (slot) SELECT DISTINCT rollup_slot(date_created) FROM calls WHERE direction = 'inbound';
`;
