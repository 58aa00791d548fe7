import { isPseudonym } from '../privacy/number';

/**
 * A customer number as viewers see it: only its last 4 digits (`••••1234`); '' when withheld. An
 * erased number (its pseudonym, docs/privacy.md) is shown as it is: it has no digits of the number.
 */
export function maskNumber(number: string | null): string {
  if (!number) return '';
  if (isPseudonym(number)) return number;
  return '••••' + number.replace(/\D/g, '').slice(-4);
}
