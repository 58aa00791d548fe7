/** A customer number as viewers see it: only its last 4 digits (`••••1234`); '' when withheld. */
export function maskNumber(number: string | null): string {
  if (!number) return '';
  return '••••' + number.replace(/\D/g, '').slice(-4);
}
