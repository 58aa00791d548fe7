/**
 * A text field of an Exotel payload as exowatch keeps it: trimmed, with empty text as null. Exotel
 * sends some fields as a string in one example and a number in another (exotel-api.md §1.4), so a
 * number is kept as its text; anything else is null (the raw payload keeps it).
 */
export function optionalText(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
