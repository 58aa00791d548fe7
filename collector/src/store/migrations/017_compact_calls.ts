import { callsKeepErased } from '../migrationSql/privacy';
import { rawFunction, reportingCallsView } from '../migrationSql/compactCalls';

/**
 * The payload fields rebuilt from columns, in the order of their bits in payload_absent: the list of
 * normalise/payloadRest.ts DERIVED_FIELDS as released here (payloadRest.test.ts checks they match).
 */
export const REBUILT_FIELDS = [
  'Sid',
  'AccountSid',
  'ParentCallSid',
  'DateCreated',
  'DateUpdated',
  'To',
  'From',
  'PhoneNumberSid',
  'Status',
  'StartTime',
  'EndTime',
  'Duration',
  'Direction',
  'AnsweredBy',
  'Uri',
  'RecordingUrl',
  'Details',
  'Price',
  'ForwardedFrom',
  'CallerName',
] as const;

const URI_BIT = 1 << REBUILT_FIELDS.indexOf('Uri');

/** Where 017 stores the payload and the numbers' sent texts (calls_keep_erased()). */
const STORED = { payload: 'payload_rest', sent: 'sent' } as const;

export const sql = `-- Calls stored compact (docs/schema.md "Storage"). Exotel's payload is kept as the part the columns
-- do not reproduce exactly (\`payload_rest\`, normalise/payloadRest.ts), with a bit mask of the rebuilt
-- fields the payload did not have (\`payload_absent\`); \`uri\`, always \`/v1/Accounts/{AccountSid}/Calls/{Sid}.json\`
-- in Exotel's calls, is no longer stored; \`legs\` is stored as the legs' durations (\`leg_durations\`,
-- normalise/legDurations.ts) when it has Exotel's documented shape, else stays in the rest; the numbers'
-- texts as sent (\`to_raw\`, \`from_raw\`, \`phone_number_raw\`) are stored as \`*_sent\` only when not the
-- trunk form of their E.164 column (normalise/sentNumber.ts). \`c.raw\`, \`c.uri\`, \`c.legs\` and
-- \`c.to_raw\`, \`c.from_raw\`, \`c.phone_number_raw\` keep working as functions of the row
-- (PostgreSQL's functional notation: \`c.raw\` is \`raw(c)\` when calls has no such column).
--
-- Nothing is rewritten here: renaming, adding a nullable column and dropping one change the catalog
-- only (on a TimescaleDB hypertable too, compressed chunks included). The rows stored before keep their
-- whole payload in payload_rest with payload_absent NULL, which raw() returns as it is; the sync
-- rewrites a row compact the next time it reads the call (the upsert sees the columns differ); rows
-- never read again stay whole (readable, only bigger), their legs read from that payload.
-- reporting.calls (014) shows c.legs: dropped with the column and made again below, the same columns.
DROP VIEW reporting.calls;
ALTER TABLE calls RENAME COLUMN raw TO payload_rest;
ALTER TABLE calls ADD COLUMN payload_absent integer;
ALTER TABLE calls ADD COLUMN leg_durations integer[];
ALTER TABLE calls DROP COLUMN uri;
ALTER TABLE calls DROP COLUMN legs;
ALTER TABLE calls RENAME COLUMN to_raw TO to_sent;
ALTER TABLE calls RENAME COLUMN from_raw TO from_sent;
ALTER TABLE calls RENAME COLUMN phone_number_raw TO phone_number_sent;

-- Exotel's time text: India Standard Time, a fixed +05:30 (payloadRest.ts istText).
CREATE FUNCTION calls_ist_text(t timestamptz) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
RETURN to_char(t AT TIME ZONE INTERVAL '+05:30', 'YYYY-MM-DD HH24:MI:SS');

-- A number's text as Exotel sent it: the stored text, else the trunk form Exotel writes Indian numbers
-- in, 0 + the national number (normalise/sentNumber.ts). Rows stored before hold the whole text.
CREATE FUNCTION calls_sent_number(sent text, e164 text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN coalesce(sent, CASE WHEN e164 ~ '^\\+91[1-9][0-9]{9}$' THEN '0' || substr(e164, 4) END);

CREATE FUNCTION to_raw(c calls) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN calls_sent_number(c.to_sent, c.to_number);

CREATE FUNCTION from_raw(c calls) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN calls_sent_number(c.from_sent, c.from_number);

CREATE FUNCTION phone_number_raw(c calls) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN calls_sent_number(c.phone_number_sent, c.phone_number);

-- Exotel's documented Details.Legs for these OnCallDurations: [{"Leg":{"Id":1,"OnCallDuration":21}}, …].
CREATE FUNCTION calls_legs_from_durations(durations integer[]) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN coalesce((SELECT jsonb_agg(jsonb_build_object('Leg', jsonb_build_object('Id', i, 'OnCallDuration', d)) ORDER BY i)
                 FROM unnest(durations) WITH ORDINALITY AS u(d, i)), '[]'::jsonb);

-- Details.Legs as sent (the column it replaces): from the durations, else as the stored payload has it.
CREATE FUNCTION legs(c calls) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
  WHEN c.leg_durations IS NOT NULL THEN calls_legs_from_durations(c.leg_durations)
  WHEN jsonb_typeof(c.payload_rest #> '{Details,Legs}') = 'array' THEN c.payload_rest #> '{Details,Legs}' END;

-- The rebuilt fields whose bit is set in a payload_absent mask.
CREATE FUNCTION calls_absent_fields(bits integer) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY(SELECT f FROM unnest(ARRAY[${REBUILT_FIELDS.map((f) => `'${f}'`).join(', ')}]::text[])
             WITH ORDINALITY AS u(f, i) WHERE bits & (1 << (i::int - 1)) <> 0);

-- Exotel's whole payload of a call: the fields rebuilt from the columns, less those it did not have,
-- with the stored rest over them.
${rawFunction({ replaces: false, recordingUrl: 'c.recording_url' })}

-- The call's Uri as the column held it (normalise/text.ts optionalText: trimmed text, a number as its
-- text, else null): from the stored payload when it has one, else the pattern.
CREATE FUNCTION uri(c calls) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
  WHEN c.payload_absent IS NULL OR c.payload_rest ? 'Uri' THEN
    CASE jsonb_typeof(c.payload_rest -> 'Uri')
      WHEN 'string' THEN nullif(btrim(c.payload_rest ->> 'Uri', E' \\t\\n\\r\\f\\v'), '')
      WHEN 'number' THEN c.payload_rest ->> 'Uri' END
  WHEN c.payload_absent & ${URI_BIT} <> 0 THEN NULL
  ELSE '/v1/Accounts/' || c.account_sid || '/Calls/' || c.sid || '.json' END;

-- As 014 made it; c.legs is now legs(c).
${reportingCallsView('CREATE VIEW')}

-- Numbers erased on request stay erased in the stored rest (015's trigger, on the renamed column).
${callsKeepErased(STORED)}
`;
