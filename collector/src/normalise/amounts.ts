import { NormaliseError } from './errors';

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** Exotel leaves Duration/Price empty or null until it has settled them (about 2 minutes after the call). */
function isUnsettled(value: unknown): value is null | undefined | '' {
  return value == null || (typeof value === 'string' && value.trim() === '');
}

/**
 * Seconds sent as `"17"`, `17` or `"17.0"` → 17; empty/null → null. Negative, fractional or non-numeric
 * values throw a NormaliseError naming `field`.
 */
export function parseSeconds(value: unknown, field: string): number | null {
  if (isUnsettled(value)) return null;
  const seconds = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  if (
    !Number.isInteger(seconds) ||
    seconds < 0 ||
    (typeof value === 'string' && !DECIMAL.test(value.trim()))
  ) {
    throw new NormaliseError(field, value, 'expected a whole, non-negative number of seconds');
  }
  return seconds;
}

/** Plain decimal digits of a finite number, without exponent notation (1e-7 → "0.0000001"). */
function numberToDecimalText(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20);
}

/**
 * An amount sent as `"1.500"`, `1.5` or `".5"` → canonical decimal text `"1.5"` (exact, for a numeric
 * column; no float rounding); empty/null → null. Thousands separators, currency signs, exponents and
 * other text throw a NormaliseError naming `field`.
 */
export function parseDecimal(value: unknown, field: string): string | null {
  if (isUnsettled(value)) return null;
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NormaliseError(field, value, 'expected a finite decimal amount');
    text = numberToDecimalText(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    throw new NormaliseError(field, value, 'expected a decimal amount');
  }
  const match = DECIMAL.exec(text);
  const [, sign = '', whole = '', fraction = ''] = match ?? [];
  if (!match || whole + fraction === '') {
    throw new NormaliseError(field, value, 'expected a plain decimal amount such as "1.50"');
  }
  const integerPart = whole.replace(/^0+(?=\d)/, '') || '0';
  const fractionPart = fraction.replace(/0+$/, '');
  const digits = fractionPart === '' ? integerPart : `${integerPart}.${fractionPart}`;
  return digits === '0' || sign !== '-' ? digits : `-${digits}`;
}
