import type { Dashboard, Variable } from './dashboards';

/**
 * A stand-in for Grafana's templateSrv.replace(text, scopedVars, format): the same variable syntaxes
 * ($name, ${name}, ${name:format}, [[name]]), each variable at its saved `current` value (or at a given
 * selection), and a format function applied to the value, as a data source passes one. "All" is the
 * variable's custom all value, inserted unformatted: public/app/features/templating/template_srv.ts
 * (grafana/grafana) "skip formatting of custom all values unless format set to text or percentencode".
 * exowatch dashboards give every All-able variable allValue `.*`, which the plugin reads as "no filter"
 * and PromQL as "any value". Unknown variables stay as they are, like Grafana does, so the collector
 * sees (and refuses) them.
 */
const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;

export type Format = (value: string | string[], variable: Variable) => string;

/** Values chosen in a variable's drop-down, by variable name (`$__all` for All). */
export type Selection = Record<string, string[]>;

export function currentValue(variable: Variable, selection: Selection = {}): string | string[] {
  const value = selection[variable.name] ?? variable.current?.value;
  if (value === undefined) throw new Error(`variable ${variable.name} has no current value`);
  const values = Array.isArray(value) ? value : [value];
  if (values.includes('$__all')) {
    if (variable.allValue === undefined)
      throw new Error(`variable ${variable.name} is All without a custom all value`);
    return variable.allValue;
  }
  return value;
}

/**
 * Formats a `${name:format}` names itself, which win over the data source's format function
 * (template_srv.ts: an explicit format takes precedence). Only the ones exowatch could use are emulated;
 * formatRegistry.ts `regex`: values escaped by escapeRegex (@grafana/data text/string.ts), several
 * as `(a|b)`.
 */
const NAMED_FORMATS: Record<string, (value: string | string[]) => string> = {
  raw: (value) => (Array.isArray(value) ? value.join(',') : value),
  regex: (value) => {
    const escape = (v: string) => v.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');
    const values = (Array.isArray(value) ? value : [value]).map(escape);
    return values.length === 1 ? values[0]! : `(${values.join('|')})`;
  },
};

export function templateReplacer(dashboard: Dashboard, selection: Selection = {}) {
  const variables = new Map(dashboard.templating.list.map((v) => [v.name, v]));
  return (text: string, format?: Format | string): string =>
    text.replace(
      VARIABLE,
      (match, a?: string, b?: string, bFormat?: string, c?: string, _path?: string, cFormat?: string) => {
        const name = a ?? b ?? c ?? '';
        const variable = variables.get(name);
        if (!variable) return match;
        const value = currentValue(variable, selection);
        if (value === variable.allValue) return value;
        const named = bFormat ?? cFormat;
        if (named !== undefined) {
          const formatter = NAMED_FORMATS[named];
          if (!formatter) throw new Error(`variable format ${named} is not emulated (templateSrv.ts)`);
          return formatter(value);
        }
        if (typeof format === 'function') return format(value, variable);
        return Array.isArray(value) ? (value.length === 1 ? value[0]! : `{${value.join(',')}}`) : value;
      },
    );
}

/**
 * How Grafana's Prometheus data source formats a variable in a PromQL expression (the format function
 * it hands to templateSrv.replace): packages/grafana-prometheus escaping.ts, interpolateQueryExpr with
 * prometheusRegularEscape / prometheusSpecialRegexEscape (classic behaviour, the feature toggle
 * prometheusSpecialCharsInLabelValues off). Multi-value or All-able variables are regex-escaped for a
 * PromQL string (`+` → `\\+`), several values joined as `(a|b)`.
 */
export const promqlFormat: Format = (value, variable) => {
  if (!variable.multi && !variable.includeAll)
    return String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\\\'");
  const escape = (v: string) => v.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]+?.()|]/g, '\\\\$&');
  if (typeof value === 'string') return escape(value);
  const escaped = value.map(escape);
  return escaped.length === 1 ? escaped[0]! : `(${escaped.join('|')})`;
};

/** Names of the dashboard variables a text refers to (built-ins such as $__interval excluded). */
export function referencedVariables(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(VARIABLE)) {
    const name = m[1] ?? m[2] ?? m[4] ?? '';
    if (!name.startsWith('__')) names.push(name);
  }
  return names;
}
