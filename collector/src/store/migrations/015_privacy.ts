import { triggerFunction } from '../migrationSql/functions';
import { callsMarkRollups, markCallbackCustomer } from '../migrationSql/marking';
import { keepErasedNumber, privacyScrubText } from '../migrationSql/privacy';

export const sql = `-- Erasure on request (docs/privacy.md, "Answering a customer's request"): a customer's number is
-- replaced, wherever it is stored in clear, by the keyed pseudonym the reporting views show for it
-- (migration 014). The pseudonym is what the KPIs compare (repeat callers, callbacks), so they answer
-- the same after erasure.

-- A value that already is a pseudonym (\`c_\` + 16 hex digits, never an E.164 number) is shown as it is,
-- so an erased row and the rows not yet erased show the same pseudonym for one customer; it has no
-- digits of the number to mask.
CREATE OR REPLACE FUNCTION reporting.pseudonym(number text, key bytea) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE
    WHEN number ~ '^c_[0-9a-f]{16}$' THEN number
    WHEN nullif(number, '') IS NOT NULL
    THEN 'c_' || left(encode(sha256(key || convert_to(number, 'UTF8')), 'hex'), 16) END;

CREATE OR REPLACE FUNCTION reporting.masked(number text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN number !~ '^c_[0-9a-f]{16}$' AND regexp_replace(coalesce(number, ''), '\\D', '', 'g') <> ''
    THEN '••••' || right(regexp_replace(number, '\\D', '', 'g'), 4) END;

-- Every occurrence of any of \`forms\` (the ways one number is written) in \`value\`, replaced; the longest
-- forms first, so \`09901320691\` becomes the pseudonym and not \`0\` + the pseudonym of \`9901320691\`.
${privacyScrubText({ replaces: false, separatedDigits: false })}

-- A stored payload (calls.raw, webhook params) with the number replaced in every string value, at any
-- depth (Exotel's From, To, CallFrom, CallTo, …, and whatever field a later API version adds), and every
-- recording field (RecordingUrl, …) removed: exowatch keeps no recording link of an erased customer.
CREATE FUNCTION privacy_scrub(doc jsonb, forms text[], replacement text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
  CASE jsonb_typeof(doc)
    WHEN 'object' THEN
      RETURN coalesce((SELECT jsonb_object_agg(privacy_scrub_text(k, forms, replacement),
                                               privacy_scrub(v, forms, replacement))
                       FROM jsonb_each(doc) e(k, v) WHERE k !~* 'recording'), '{}'::jsonb);
    WHEN 'array' THEN
      RETURN coalesce((SELECT jsonb_agg(privacy_scrub(v, forms, replacement) ORDER BY i)
                       FROM jsonb_array_elements(doc) WITH ORDINALITY a(v, i)), '[]'::jsonb);
    WHEN 'string' THEN
      RETURN to_jsonb(privacy_scrub_text(doc #>> '{}', forms, replacement));
    ELSE
      RETURN doc;
  END CASE;
END $$;

-- Who did what (docs/schema.md "audit_log"): one row per admin change (tags, calendars, imports) and
-- per privacy request, written by the collector once the change is done. \`actor\` is who the request
-- named (the X-Exowatch-Actor header, or Grafana's X-Grafana-User) or the OS user of a CLI command;
-- \`subject\` and \`summary\` never hold a customer's number in clear (its pseudonym stands in for it).
CREATE TABLE audit_log (
  id       bigserial   PRIMARY KEY,
  at       timestamptz NOT NULL DEFAULT now(),
  actor    text        NOT NULL,
  via      text        NOT NULL CHECK (via IN ('api', 'cli')),
  action   text        NOT NULL,
  subject  text,
  summary  jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at);

-- Holds no customer number: shown whole to SQL readers.
CREATE VIEW reporting.audit_log WITH (security_barrier) AS SELECT * FROM audit_log;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'exowatch_reader') THEN
    GRANT SELECT ON reporting.audit_log TO exowatch_reader;
  END IF;
END
$$;

-- Retention (collector/src/privacy/retention.ts) pseudonymises old numbers with the marking of rollup
-- and callback slots switched off by the transaction-local setting of migration 011: a number becomes
-- the same pseudonym in every row, so the rollups and missed calls already computed stay right, while
-- recomputing an old slot would compare its calls, pseudonymised, with newer ones still in clear. The
-- two marking paths that did not read the setting now do.
${markCallbackCustomer({ replaces: true, callerLookup: 'rowBounds', obeysMarkingSwitch: true })}

${callsMarkRollups({ replaces: true, callerLookup: 'rowBounds', obeysMarkingSwitch: true })}

-- Retention walks each table oldest first, account by account: StatusCallbacks get the
-- (account_sid, time) index the other event tables have.
CREATE INDEX status_callback_events_account_received_idx ON status_callback_events (account_sid, received_at);

-- Numbers erased on request, by pseudonym (never in clear), with when. The sync re-reads calls Exotel
-- still serves (every hour the last 24 hours, a backfill up to six months), which would write an erased
-- number back in clear: calls dated up to its erasure are stored with the pseudonym instead, their
-- payload scrubbed and recording link dropped, as the erasure left them. Calls after the erasure are
-- new calls and are stored as any other. Webhook rows need no such guard: they are inserted once per
-- event key (ON CONFLICT DO NOTHING), and erasure waits until the journal no longer holds the number.
CREATE TABLE privacy_erasures (
  pseudonym  text        PRIMARY KEY,
  erased_at  timestamptz NOT NULL
);

-- The ways Exotel writes an E.164 number (privacy/number.ts writtenForms), and the text it sent.
CREATE FUNCTION privacy_forms(e164 text, sent text) RETURNS text[]
LANGUAGE sql IMMUTABLE
RETURN array_remove(
  CASE WHEN e164 ~ '^\\+91[0-9]{10}$'
    THEN ARRAY[e164, substr(e164, 2), '00' || substr(e164, 2), '0' || right(e164, 10), right(e164, 10), sent]
    ELSE ARRAY[e164, substr(e164, 2), '00' || substr(e164, 2), sent] END,
  NULL);

${triggerFunction({
  name: 'calls_keep_erased',
  firesOn: 'BEFORE INSERT OR UPDATE ON calls',
  declare: ['k bytea', 'p text'],
  body: `  IF NOT EXISTS (SELECT 1 FROM privacy_erasures) THEN
    RETURN NEW;
  END IF;
  SELECT key INTO k FROM privacy_key;
${keepErasedNumber('from')}
${keepErasedNumber('to')}
  RETURN NEW;`,
})}
`;
