import { normalisePhone } from '../normalise/phone';

/** A number, or the request, a privacy request cannot be answered for: the message says why. */
export class PrivacyError extends Error {
  override name = 'PrivacyError';
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** What the reporting views and erasure write instead of a customer's number (migration 014/015). */
const PSEUDONYM = /^c_[0-9a-f]{16}$/;

export function isPseudonym(value: string): boolean {
  return PSEUDONYM.test(value);
}

/**
 * The number as a user types it (`+91 99013 20691`, `09901320691`, `9901320691`, …) in E.164, the form
 * exowatch stores in its number columns (normalise/phone.ts reads it the same way).
 */
export function parseCustomerNumber(text: string): string {
  const { e164 } = normalisePhone(text);
  if (e164 === null)
    throw new PrivacyError(`${JSON.stringify(text)} is not a phone number (write it as +91… or 0…)`);
  return e164;
}

/**
 * The ways Exotel writes one number (normalise/phone.ts): E.164 and, for Indian numbers, `91…`,
 * `0091…`, the trunk-prefixed `0…` and the bare 10 digits; for others without the `+` or with `00`.
 * Forms with separators are found in the stored `*_raw` columns instead.
 */
export function writtenForms(e164: string): string[] {
  const digits = e164.slice(1);
  if (e164.startsWith('+91') && digits.length === 12) {
    const national = digits.slice(2);
    return [e164, digits, `00${digits}`, `0${national}`, national];
  }
  return [e164, digits, `00${digits}`];
}

/**
 * An all-digit form with a space, dot, dash or bracket allowed between any two digits
 * (`+91 99013-20691`), as privacy_form_pattern of migration 016 matches it in the database; null for
 * a form that is not all digits (an as-sent text, matched literally).
 */
export function separatedPattern(form: string): RegExp | null {
  if (!/^\+?[0-9]{6,}$/.test(form)) return null;
  const digits = form.replace(/^\+/, '').split('').join('[ .()-]?');
  return new RegExp(form.startsWith('+') ? `\\+${digits}` : digits);
}

/** Whether a text holds one of the number's forms, literally or with separators between its digits. */
export function holdsForm(text: string, forms: readonly string[]): boolean {
  return forms.some((form) => text.includes(form) || separatedPattern(form)?.test(text) === true);
}
