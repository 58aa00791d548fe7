/**
 * The instant a tag change takes effect, from the admin's date field: midnight at the start of that
 * day in the browser's time zone (the admin's), or undefined (the collector uses "now") when empty.
 */
export function effectiveFrom(date: string): string | undefined {
  if (date === '') {
    return undefined;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) {
    throw new Error(`effective-from "${date}" is not a date (YYYY-MM-DD)`);
  }
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).toISOString();
}

/** An ISO instant shown as a short date-time in the browser's time zone ("—" for open ends). */
export function showInstant(iso: string | null): string {
  if (!iso) {
    return '—';
  }
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
