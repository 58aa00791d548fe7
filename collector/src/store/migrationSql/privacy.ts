// The privacy functions that more than one migration writes (docs/privacy.md): built here from their
// versions' options, so a later migration states what changed instead of the whole function again.
import { plpgsqlFunction } from './functions';

/**
 * Replaces every occurrence of `forms` (the ways one number is written) in a text, the longest forms
 * first, so `09901320691` becomes the pseudonym and not `0` + the pseudonym of `9901320691`. With
 * `separatedDigits` (016), an all-digit form also matches with separators between its digits.
 */
export function privacyScrubText(version: { replaces: boolean; separatedDigits: boolean }): string {
  const separated = version.separatedDigits
    ? `
    pattern := privacy_form_pattern(form);
    IF pattern IS NOT NULL THEN
      value := regexp_replace(value, pattern, replacement, 'g');
    END IF;`
    : '';
  return plpgsqlFunction({
    replaces: version.replaces,
    signature: 'privacy_scrub_text(value text, forms text[], replacement text)',
    returns: 'text',
    volatility: 'IMMUTABLE',
    declare: version.separatedDigits ? ['form text', 'pattern text'] : ['form text'],
    body: `  IF value IS NULL THEN
    RETURN NULL;
  END IF;
  FOR form IN SELECT f FROM unnest(forms) f WHERE f <> '' ORDER BY length(f) DESC LOOP
    value := replace(value, form, replacement);${separated}
  END LOOP;
  RETURN value;`,
  });
}

/** Where a migration's calls table keeps the payload, the numbers' sent texts and the recording link. */
export interface StoredCall {
  payload: 'raw' | 'payload_rest';
  sent: 'raw' | 'sent';
  /** recording_url until 022, which stores it compact as recording_url_sent. */
  recording?: 'recording_url' | 'recording_url_sent';
}

/**
 * The statements of calls_keep_erased() for one number of a call (`from` or `to`): a number erased
 * after the call's date is stored as its pseudonym `p` (of key `k`), the payload scrubbed of it and the
 * recording link dropped. Until migration 017 the payload is the column `raw` and the sent text
 * `*_raw`; 017 stores the payload's rest in `payload_rest` (the From/To it rebuilds come from the sent
 * texts, pseudonymised here too) and the sent text in `*_sent` only when it is not the number's trunk
 * form, which privacy_forms() of the number has already.
 */
export function keepErasedNumber(
  side: 'from' | 'to',
  stored: StoredCall = { payload: 'raw', sent: 'raw' },
): string {
  const { payload, recording = 'recording_url' } = stored;
  const number = `NEW.${side}_number`;
  const raw = `NEW.${side}_${stored.sent}`;
  return `  p := reporting.pseudonym(${number}, k);
  IF ${number} <> p AND EXISTS (SELECT 1 FROM privacy_erasures e WHERE e.pseudonym = p AND NEW.date_created <= e.erased_at) THEN
    NEW.${payload} := privacy_scrub(NEW.${payload}, privacy_forms(${number}, ${raw}), p);
    ${number} := p;
    ${raw} := p;
    NEW.${recording} := NULL;
  END IF;`;
}

/**
 * calls_keep_erased() (015, replaced by 017 and 022): both numbers of a call inserted or updated after
 * their erasure are kept erased (keepErasedNumber).
 */
export function callsKeepErased(stored: StoredCall): string {
  return plpgsqlFunction({
    replaces: true,
    signature: 'calls_keep_erased()',
    returns: 'trigger',
    declare: ['k bytea', 'p text'],
    body: `  IF NOT EXISTS (SELECT 1 FROM privacy_erasures) THEN
    RETURN NEW;
  END IF;
  SELECT key INTO k FROM privacy_key;
${keepErasedNumber('from', stored)}
${keepErasedNumber('to', stored)}
  RETURN NEW;`,
  });
}
