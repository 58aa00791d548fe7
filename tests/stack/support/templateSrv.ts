import type { Dashboard, Variable } from './dashboards';

/**
 * A stand-in for Grafana's templateSrv.replace(text, scopedVars, format): the same variable syntaxes
 * ($name, ${name}, ${name:format}, [[name]]), each variable at its saved `current` value, "All" as the
 * variable's custom all value (exowatch dashboards give every All-able variable allValue `*`, which the
 * plugin reads as "no filter") and a format function applied to the value, as the plugin passes one.
 * Unknown variables stay as they are, like Grafana does, so the collector sees (and refuses) them.
 */
const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;

export type Format = (value: unknown) => string;

export function currentValue(variable: Variable): string | string[] {
  const value = variable.current?.value;
  if (value === undefined) throw new Error(`variable ${variable.name} has no current value`);
  const values = Array.isArray(value) ? value : [value];
  if (values.includes('$__all')) {
    if (variable.allValue === undefined)
      throw new Error(`variable ${variable.name} is All without a custom all value`);
    return variable.allValue;
  }
  return Array.isArray(value) ? value : value;
}

export function templateReplacer(dashboard: Dashboard) {
  const variables = new Map(dashboard.templating.list.map((v) => [v.name, v]));
  return (text: string, format?: Format | string): string =>
    text.replace(VARIABLE, (match, a?: string, b?: string, _bf?: string, c?: string) => {
      const name = a ?? b ?? c ?? '';
      const variable = variables.get(name);
      if (!variable) return match;
      const value = currentValue(variable);
      if (value === variable.allValue) return value;
      if (typeof format === 'function') return format(value);
      return Array.isArray(value) ? (value.length === 1 ? value[0]! : `{${value.join(',')}}`) : value;
    });
}

/** Names of the dashboard variables a text refers to (built-ins such as $__interval excluded). */
export function referencedVariables(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(VARIABLE)) {
    const name = m[1] ?? m[2] ?? m[4] ?? '';
    if (!name.startsWith('__')) names.push(name);
  }
  return names;
}
