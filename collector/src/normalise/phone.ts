import { parsePhoneNumberFromString } from 'libphonenumber-js';

export interface NormalisedPhone {
  /** `+<country><number>`, or null when the text is not a phone number we can place. */
  e164: string | null;
  /** The text Exotel sent, or null when it sent nothing. */
  raw: string | null;
}

const NO_PHONE: NormalisedPhone = { e164: null, raw: null };

/** Spaces, dashes, dots and brackets people and systems put inside numbers. */
const SEPARATORS = /[\s\-().]/g;

/**
 * Indian numbers have a 10-digit national number (mobiles and landlines alike). Exotel writes them as
 * `0XXXXXXXXXX` (trunk prefix), `91XXXXXXXXXX`, `0091…`, `+91…` or bare 10 digits; these are mapped
 * without libphonenumber, which is the expensive path and is only used for everything else
 * (toll-free 1800 numbers, foreign numbers).
 */
const INDIAN_NATIONAL = /^(?:\+91|0091|91|0)?([1-9]\d{9})$/;

/** Letters would be read as keypad digits by libphonenumber; Exotel masks numbers as `0XXXXX38847`. */
const HAS_LETTER = /[a-z]/i;

/**
 * Exotel number text → E.164 plus the original text. Numbers without a country code are read as
 * Indian (default country IN). Text that is not a possible phone number keeps a null E.164.
 */
export function normalisePhone(value: unknown): NormalisedPhone {
  if (value == null) return NO_PHONE;
  const raw = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : null;
  if (raw === null || raw.trim() === '') return NO_PHONE;

  const compact = raw.replace(SEPARATORS, '');
  const indian = INDIAN_NATIONAL.exec(compact);
  if (indian) return { e164: `+91${indian[1]}`, raw };
  if (HAS_LETTER.test(compact)) return { e164: null, raw };

  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  const parsed = parsePhoneNumberFromString(international, 'IN');
  return { e164: parsed?.isPossible() ? parsed.number : null, raw };
}
