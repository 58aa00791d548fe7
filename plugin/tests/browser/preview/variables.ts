/**
 * Template variables of a provisioned dashboard at their defaults, and a TemplateSrv that replaces them
 * the way Grafana's does (public/app/features/templating/template_srv.ts: the variable regex, "All" as
 * the custom all value passed through unformatted, a format function given the value or the list).
 */
import type { MetricFindValue, ScopedVars, TimeRange } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

export interface DashboardVariable {
  type: string;
  name: string;
  query?: unknown;
  datasource?: { uid?: string };
  current?: { text?: string | string[]; value?: string | string[] };
  includeAll?: boolean;
  allValue?: string;
  sort?: number;
}

/** A variable's value: its selection, or everything ("All") with the custom all value if it has one. */
export interface ResolvedVariable {
  name: string;
  value: string[];
  all: boolean;
  allValue?: string;
  /** What the dashboard's variable bar shows. */
  text: string;
}

const ALL = '$__all';
// public/app/features/variables/utils.ts variableRegex
const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?:\.([^:^}]+))?(?::([^}]+))?}/g;

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Options sorted as the variable's `sort` says (public/app/features/variables/query/reducer.ts sortVariableValues). */
function sorted(options: string[], sort = 0): string[] {
  switch (sort) {
    case 0:
      return options;
    case 1:
      return [...options].sort((a, b) => a.localeCompare(b));
    case 2:
      return [...options].sort((a, b) => b.localeCompare(a));
    default:
      throw new Error(`variable sort ${sort} is not supported by the preview`);
  }
}

/**
 * The variable's options: a custom variable's comma-separated query, a query variable's answer from
 * the data source's own variable support (`optionsOf`).
 */
async function options(
  variable: DashboardVariable,
  optionsOf: (variable: DashboardVariable) => Promise<MetricFindValue[]>
): Promise<string[]> {
  if (variable.type === 'custom') {
    return String(variable.query ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  if (variable.type === 'query') {
    return sorted(
      (await optionsOf(variable)).map((v) => String(v.value ?? v.text)),
      variable.sort
    );
  }
  throw new Error(`variable ${variable.name} has type ${variable.type}, which the preview cannot resolve`);
}

/**
 * Every value variable at its default: the saved `current`, or the query's first option when nothing
 * is saved. Ad hoc filter variables carry no value (their filters go with the request).
 */
export async function resolveVariables(
  variables: DashboardVariable[],
  optionsOf: (variable: DashboardVariable) => Promise<MetricFindValue[]>
): Promise<ResolvedVariable[]> {
  const resolved: ResolvedVariable[] = [];
  for (const variable of variables) {
    if (variable.type === 'adhoc') {
      continue;
    }
    let value = list(variable.current?.value);
    if (value.length === 0) {
      const first = (await options(variable, optionsOf))[0];
      if (first === undefined) {
        throw new Error(`variable ${variable.name} has no saved value and its query lists no option`);
      }
      value = [first];
    }
    const all = value.includes(ALL);
    if (all && !variable.includeAll) {
      throw new Error(`variable ${variable.name} is saved as All but does not include All`);
    }
    resolved.push({
      name: variable.name,
      all,
      allValue: variable.allValue,
      value: all && !variable.allValue ? await options(variable, optionsOf) : value,
      text: all ? 'All' : value.join(' + '),
    });
  }
  return resolved;
}

type Format = string | ((value: unknown, variable?: unknown, fallback?: unknown) => string) | undefined;

function formatted(value: string[], format: Format): string {
  const single = value.length === 1 ? value[0] : value;
  if (typeof format === 'function') {
    return format(single);
  }
  if (format !== undefined && format !== 'raw') {
    throw new Error(`variable format "${format}" is not supported by the preview`);
  }
  // Grafana's default for a list is glob: {a,b}.
  return Array.isArray(single) ? `{${single.join(',')}}` : single;
}

/** A TemplateSrv over resolved variables; unknown names (built-ins, __field…) are left as they are. */
export function previewTemplateSrv(variables: () => ResolvedVariable[]): TemplateSrv {
  const byName = () => new Map(variables().map((v) => [v.name, v]));
  const replace = (text?: string, scopedVars?: ScopedVars, format?: Format) =>
    (text ?? '').replace(VARIABLE, (match, ...groups: Array<string | undefined>) => {
      const name = groups[0] ?? groups[1] ?? groups[3] ?? '';
      const fmt = format ?? groups[2] ?? groups[5];
      const scoped = scopedVars?.[name];
      if (scoped) {
        return formatted(list(scoped.value as string | string[]), fmt);
      }
      const variable = byName().get(name);
      if (!variable) {
        return match;
      }
      if (variable.all && variable.allValue !== undefined) {
        return variable.allValue;
      }
      return formatted(variable.value, fmt);
    });
  return {
    getVariables: () => [],
    replace,
    containsTemplate: (text?: string) => !!text && new RegExp(VARIABLE.source).test(text),
    updateTimeRange: (_range: TimeRange) => undefined,
  } as unknown as TemplateSrv;
}
