import { markRollupSlot } from '../migrationSql/marking';

export const sql = `-- The ExoPhone of stored calls, re-derived from their stored payload. Until now the collector read it
-- from \`PhoneNumber\`, a field no documented Call response has; Exotel sends the ExoPhone in
-- \`PhoneNumberSid\` (the number itself, 0-prefixed: "0XXXXXX4890" in the Call Details reference), so on
-- a real account every call had phone_number null. The rule is normalise/call.ts exophoneOf():
-- PhoneNumberSid when it is a number, else PhoneNumber (already in phone_number/phone_number_raw).
--
-- The SQL repeats normalise/phone.ts for the numbers an ExoPhone is written as: separators
-- (whitespace, dashes, dots, brackets) removed, then an optional +91/0091/91/0 before a 10-digit
-- national number starting 1-9 gives +91 and those 10 digits. Text with a letter (a masked number) has
-- no E.164. Other shapes are placed by libphonenumber in TypeScript (toll-free 1800 numbers, foreign
-- numbers); they are left as stored here and corrected by the next sync of their window.
--
-- Set-based: the per-row marking is off during the update and the slots of the changed calls are
-- marked once each afterwards (one upsert of the same few thousand slot rows per call would pile up
-- millions of row versions in one transaction); marking a rollup slot also marks its callback slot
-- (rollup_marks_mark_callbacks, 009). Health rollups are not marked: they are computed from health
-- periods and the ExoPhone list, never from calls.
--
-- The marking is switched off by a setting local to this transaction that mark_rollup_slot() reads,
-- not by ALTER TABLE … DISABLE TRIGGER: TimescaleDB refuses that on a hypertable with compression
-- enabled, as exowatch's \`calls\` is ("operation not supported on hypertables that have compression
-- enabled", timescale/timescaledb#4757 and #10121). Other sessions keep marking as before.
${markRollupSlot({ replaces: true, obeysMarkingSwitch: true })}

CREATE FUNCTION pg_temp.indian_e164(number_text text) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
  SELECT CASE WHEN compact ~ '^(\\+91|0091|91|0)?[1-9][0-9]{9}$' THEN '+91' || right(compact, 10) END
  FROM (SELECT regexp_replace(number_text, '[[:space:]().-]', '', 'g') AS compact) s
$$;

SET LOCAL exowatch.mark_rollup_slots = 'off';

WITH repaired AS (
  UPDATE calls
  SET phone_number = pg_temp.indian_e164(raw ->> 'PhoneNumberSid'),
      phone_number_raw = raw ->> 'PhoneNumberSid'
  WHERE pg_temp.indian_e164(raw ->> 'PhoneNumberSid') IS NOT NULL
    AND (phone_number, phone_number_raw)
        IS DISTINCT FROM (pg_temp.indian_e164(raw ->> 'PhoneNumberSid'), raw ->> 'PhoneNumberSid')
  RETURNING date_created
)
INSERT INTO rollup_dirty_slots (slot)
SELECT DISTINCT rollup_slot(date_created) FROM repaired
ON CONFLICT (slot) DO UPDATE SET touched = rollup_dirty_slots.touched + 1;

-- A masked PhoneNumberSid with no PhoneNumber: no ExoPhone either way, but its text is kept as the
-- collector now keeps it (nothing a rollup reads changes, so nothing is marked).
UPDATE calls
SET phone_number_raw = raw ->> 'PhoneNumberSid'
WHERE phone_number IS NULL AND phone_number_raw IS NULL
  AND btrim(raw ->> 'PhoneNumberSid') <> '' AND raw ->> 'PhoneNumberSid' ~ '[A-Za-z]';

SET LOCAL exowatch.mark_rollup_slots = 'on';

DROP FUNCTION pg_temp.indian_e164(text);
`;
