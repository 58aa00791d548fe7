import { privacyScrubText } from '../migrationSql/privacy';

export const sql = `-- Erasure finds a number however it is written (docs/privacy.md, "Answering a customer's request").
-- Migration 015 matched the forms exowatch generates and the texts Exotel sent in \`*_raw\` columns; a
-- payload or a rejected record could still hold the number with other separators (\`+91 99013-20691\`),
-- which the search of every column in test/privacy.test.ts finds. Each all-digit form now also matches
-- with a space, dot, dash or bracket between any two of its digits.

-- The pattern of a form: its digits with optional separators between them (a leading \`+\` kept); null
-- for a form that is not all digits (an as-sent text, matched literally).
CREATE FUNCTION privacy_form_pattern(form text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN form ~ '^\\+?[0-9]{6,}$'
  THEN CASE WHEN left(form, 1) = '+' THEN '\\+' ELSE '' END
       || array_to_string(regexp_split_to_array(ltrim(form, '+'), ''), '[ .()-]?') END;

${privacyScrubText({ replaces: true, separatedDigits: true })}

-- Whether a text holds any of \`forms\`, literally or, for all-digit forms, with separators.
CREATE FUNCTION privacy_holds(value text, forms text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN EXISTS (
  SELECT 1 FROM unnest(forms) f
  WHERE f <> '' AND (strpos(value, f) > 0 OR value ~ privacy_form_pattern(f)));
`;
