/**
 * Template variable interpolation for list-valued query parts (filter values, group-by keys).
 * A multi-value variable becomes several values; "All" becomes every value, or, when the variable's
 * custom all value is `*` or `.*` (or the raw `$__all`), no restriction at all. `.*` is what the
 * exowatch dashboards use: Grafana passes a custom all value through unformatted, so the same value must
 * also be valid PromQL in `=~"${var:regex}"` for the Prometheus panels.
 */
export type Replace = (text: string, format: (value: unknown) => string) => string;

const SEP = '\u001f';
const ALL_MARKERS = new Set(['*', '.*', '$__all']);

function formatList(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(SEP) : String(value);
}

/** Every value after interpolation, de-duplicated, in order; empty strings dropped. */
export function expandValues(values: readonly string[], replace: Replace): string[] {
  const out = values.flatMap((v) => replace(v, formatList).split(SEP)).map((s) => s.trim());
  return [...new Set(out.filter((s) => s !== ''))];
}

/** True when the expanded values mean "everything" (an All variable with a `*` or `.*` all value). */
export function meansAll(values: readonly string[]): boolean {
  return values.some((v) => ALL_MARKERS.has(v));
}

/** A single value (metric name, tag key, interval): a multi-value variable keeps its first value. */
export function expandSingle(text: string, replace: Replace): string {
  return expandValues([text], replace)[0] ?? '';
}
