import { useMemo } from 'react';
import type { MetricFindValue } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import type { ComboboxOption } from '@grafana/ui';

/** The dashboard's template variables as `$name` options, offered next to the collector's values. */
export function useVariableOptions(): Array<ComboboxOption<string>> {
  return useMemo(
    () =>
      getTemplateSrv()
        .getVariables()
        .map((v) => ({ label: `$${v.name}`, value: `$${v.name}`, description: 'variable' })),
    []
  );
}

/** Values the data source lists (text shown, value used) as combobox options. */
export function findValueOptions(values: readonly MetricFindValue[]): Array<ComboboxOption<string>> {
  return values.map((v) => ({ label: v.text, value: String(v.value ?? v.text) }));
}
