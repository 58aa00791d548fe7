import { hash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => hash('sha256', text, 'buffer');

/**
 * Constant-time secret comparison. Comparing fixed-length digests also hides the secret's length,
 * which a plain timingSafeEqual (it needs equal lengths) would reveal.
 */
export function secretMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}
