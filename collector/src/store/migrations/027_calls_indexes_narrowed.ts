import { plpgsqlFunction } from '../migrationSql/functions';
import { bumpTouched } from '../migrationSql/marking';

export const sql = `-- The indexes of calls narrowed to the reads that use them (docs/schema.md "Indexes of calls"): 133
-- bytes per call where they took 196 at 10 M calls (bench:query):
-- - A caller's calls are looked up as inbound calls only (repeat calls, callbacks, the marking
--   triggers' caller lookups): the (from_number, date_created) index keeps inbound calls only. The
--   outbound calls of an agent's number (a tag change on it) are found along the time index.
-- - The calls back to a customer are completed outbound calls: (to_number, date_created) keeps those.
-- - An ExoPhone's calls are looked up for the rollup slots they fall in (a tag or region change marks
--   them): (phone_number, rollup_slot(date_created)) keeps one entry per number and slot listing its
--   calls (btree deduplication), and calls_exophone_slots() reads one entry per slot.
-- - The accounts with calls are listed by a skip scan of (account_sid), which deduplicates to a few
--   bytes per call; retention walks an account's calls along the time index (privacy/retention.ts).
-- Plain, not unique, indexes: TimescaleDB creates and drops them on a hypertable with compressed chunks.
CREATE INDEX calls_from_inbound_idx ON calls (from_number, date_created) WHERE direction = 'inbound';
DROP INDEX calls_from_created_idx;
CREATE INDEX calls_to_completed_idx ON calls (to_number, date_created)
  WHERE direction <> 'inbound' AND status = 'completed';
DROP INDEX calls_to_created_idx;
CREATE INDEX calls_phone_number_slot_idx ON calls (phone_number, rollup_slot(date_created));
DROP INDEX calls_phone_number_created_idx;
CREATE INDEX calls_account_idx ON calls (account_sid);
DROP INDEX calls_account_created_idx;

-- The rollup slots holding calls of the ExoPhone \`exophone_number\`, from the slot of \`since\` on (its
-- earlier calls in that slot too: marking them is harmless). A skip scan: one index probe per slot, so a
-- number with years of calls costs a probe per slot it has calls in, not a read of every call. An
-- expression index is never read index-only, so each probe also reads one row of calls.
CREATE FUNCTION calls_exophone_slots(exophone_number text, since timestamptz) RETURNS SETOF timestamptz
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  WITH RECURSIVE s (slot) AS (
    (SELECT rollup_slot(c.date_created) FROM calls c
     WHERE c.phone_number = exophone_number AND rollup_slot(c.date_created) >= rollup_slot(since)
     ORDER BY 1 LIMIT 1)
    UNION ALL
    SELECT (SELECT rollup_slot(c.date_created) FROM calls c
            WHERE c.phone_number = exophone_number AND rollup_slot(c.date_created) > s.slot
            ORDER BY 1 LIMIT 1)
    FROM s WHERE s.slot IS NOT NULL
  )
  SELECT slot FROM s WHERE slot IS NOT NULL
$$;

-- 003's trigger: a changed ExoPhone list row may change the automatic region tag of its number.
${plpgsqlFunction({
  replaces: true,
  signature: 'exophones_mark_rollups()',
  returns: 'trigger',
  body: `  IF TG_OP = 'UPDATE' AND OLD.region IS NOT DISTINCT FROM NEW.region
     AND OLD.phone_number IS NOT DISTINCT FROM NEW.phone_number THEN
    RETURN NULL;
  END IF;
  INSERT INTO rollup_dirty_slots (slot)
  SELECT DISTINCT s.slot FROM unnest(ARRAY[OLD.phone_number, NEW.phone_number]) n(number)
  CROSS JOIN LATERAL calls_exophone_slots(n.number, '-infinity') s(slot)
  ${bumpTouched('rollup_dirty_slots')};
  INSERT INTO health_dirty_ranges (range_from, range_to) VALUES ('-infinity', 'infinity');
  RETURN NULL;`,
})}
`;
