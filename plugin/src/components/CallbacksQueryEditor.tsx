import React, { useEffect, useState } from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Alert, InlineField, MultiCombobox, Stack, Text, type ComboboxOption } from '@grafana/ui';

import { WORKLIST_KEYS } from '../callbacks/worklist';
import type { ExoDataSourceApi } from '../dataSourceApi';
import { describeError } from '../errors';
import { findValueOptions, useVariableOptions } from './comboboxOptions';
import type { ExoOptions, ExoQuery, TagFilter } from '../types';
import { CollectorError } from './CollectorError';

type Props = QueryEditorProps<ExoDataSourceApi, ExoQuery, ExoOptions>;

const COLUMNS: Array<{ key: (typeof WORKLIST_KEYS)[number]; label: string }> = [
  { key: 'team', label: 'Teams' },
  { key: 'exophone', label: 'ExoPhones' },
];

/**
 * Editor of the callback worklist query: the missed calls still waiting for a callback, optionally only
 * some teams or ExoPhones (values or variables). Customers show as the collector sends them.
 */
export function CallbacksQueryEditor({ datasource, query, onChange, onRunQuery }: Props) {
  const [options, setOptions] = useState<Record<string, Array<ComboboxOption<string>>>>({});
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    Promise.all(COLUMNS.map(({ key }) => datasource.dimensionValues(key)))
      .then(
        (values) =>
          live && setOptions(Object.fromEntries(COLUMNS.map(({ key }, i) => [key, findValueOptions(values[i])])))
      )
      .catch((e) => live && setError(`cannot load teams and ExoPhones: ${describeError(e)}`));
    return () => {
      live = false;
    };
  }, [datasource]);
  const variableOptions = useVariableOptions();

  const filters = query.filters ?? [];
  const foreign = filters.filter((f) => !(WORKLIST_KEYS as readonly string[]).includes(f.key)).map((f) => f.key);
  const valuesOf = (key: string) => filters.find((f) => f.key === key)?.values ?? [];
  const setValues = (key: string, values: string[]) => {
    const rest = filters.filter((f) => f.key !== key);
    const next: TagFilter[] = values.length > 0 ? [...rest, { key, op: 'in', values }] : rest;
    onChange({ ...query, filters: next });
    onRunQuery();
  };

  return (
    <Stack direction="column" gap={1}>
      <CollectorError error={error} />
      {foreign.length > 0 && (
        <Alert severity="error" title="Filters the worklist cannot apply">
          The callback worklist filters by team and ExoPhone only: remove the filter on {foreign.join(', ')} (the query
          is not sent until then).
        </Alert>
      )}
      <Stack gap={1} wrap="wrap">
        {COLUMNS.map(({ key, label }) => (
          <InlineField key={key} label={label} labelWidth={14} tooltip="Empty: all">
            <MultiCombobox
              data-testid={`callbacks-${key}`}
              width="auto"
              minWidth={24}
              maxWidth={60}
              options={[...(options[key] ?? []), ...variableOptions]}
              value={valuesOf(key)}
              placeholder="all"
              createCustomValue
              onChange={(items) =>
                setValues(
                  key,
                  items.map((i) => i.value)
                )
              }
            />
          </InlineField>
        ))}
      </Stack>
      <Text color="secondary" variant="bodySmall">
        One row per missed call still waiting for a callback, longest waiting first: missed at, team, ExoPhone, business
        time waited, customer and when the callback window ends. Customer numbers arrive masked to their last 4 digits
        (the viewer token); the plugin never unmasks them.
      </Text>
    </Stack>
  );
}
