import type { AdHocVariableFilter } from '@grafana/data';

import type { Filter } from './request';

/** The collector takes at most this many values in one filter (POST /api/v1/query, docs/api.md). */
export const MAX_FILTER_VALUES = 200;

/** The values a key can take (a tag key's values, ExoPhone numbers, the fixed directions...). */
export type ValuesOf = (key: string) => Promise<string[]>;

export interface ResolvedAdhoc {
  /** Collector filters, in the dashboard's order. */
  filters: Filter[];
  /** One sentence per ad hoc filter that was not applied, or that leaves nothing to show. */
  notices: string[];
  /** A `=~` filter matches no value at all: the panel has nothing to show, no query is needed. */
  matchesNothing: boolean;
}

const describe = (f: AdHocVariableFilter) => `ad hoc filter ${f.key} ${f.operator} ${f.value}`;

/**
 * Grafana's regex operators match the whole value (as Prometheus label matchers do): `=~ s.*` keeps
 * "sales" and "support", not "ops-sales".
 */
function wholeValueRegex(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

/**
 * The dashboard's ad hoc filters as collector filters. Every operator Grafana offers (grafana/scenes
 * AdHocFiltersVariable.ts, OPERATORS) gets an answer:
 * - `=`, `!=`, one of (`=|`), not one of (`!=|`): in / not_in the chosen values;
 * - `=~`, `!~`: the key's known values that match the regular expression, as in / not_in;
 * - `<`, `<=`, `>`, `>=` (and anything unknown): not applied, with a notice saying why, so the other
 *   filters and the rest of the panel keep working.
 */
export async function resolveAdhocFilters(
  adhoc: readonly AdHocVariableFilter[],
  valuesOf: ValuesOf
): Promise<ResolvedAdhoc> {
  const resolved: ResolvedAdhoc = { filters: [], notices: [], matchesNothing: false };
  for (const f of adhoc) {
    const chosen = f.values && f.values.length > 0 ? f.values : [f.value];
    switch (f.operator) {
      case '=':
      case '=|':
        resolved.filters.push({ key: f.key, op: 'in', values: chosen });
        break;
      case '!=':
      case '!=|':
        resolved.filters.push({ key: f.key, op: 'not_in', values: chosen });
        break;
      case '=~':
      case '!~': {
        let regex: RegExp;
        try {
          regex = wholeValueRegex(f.value);
        } catch (e) {
          resolved.notices.push(`${describe(f)} not applied: ${e instanceof Error ? e.message : String(e)}`);
          break;
        }
        const matching = (await valuesOf(f.key)).filter((v) => regex.test(v));
        const keep = f.operator === '=~';
        if (matching.length === 0) {
          if (keep) {
            resolved.matchesNothing = true;
            resolved.notices.push(`${describe(f)} matches no ${f.key} value: nothing to show`);
          }
          break;
        }
        if (matching.length > MAX_FILTER_VALUES) {
          resolved.notices.push(
            `${describe(f)} not applied: it matches ${matching.length} values, more than the ${MAX_FILTER_VALUES} one filter can take; narrow the expression`
          );
          break;
        }
        resolved.filters.push({ key: f.key, op: keep ? 'in' : 'not_in', values: matching });
        break;
      }
      default:
        resolved.notices.push(
          `${describe(f)} not applied: exowatch's tags and call attributes are text, so ${f.operator} has no meaning; use =, !=, one of, not one of, =~ or !~`
        );
    }
  }
  return resolved;
}
