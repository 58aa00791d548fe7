import React, { useEffect, useState } from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Combobox, InlineField, Stack, type ComboboxOption } from '@grafana/ui';

import type { ExoDataSourceApi } from '../dataSourceApi';
import type { ExoOptions, ExoQuery, ExoVariableQuery, VariableKind } from '../types';

type Props = QueryEditorProps<ExoDataSourceApi, ExoQuery, ExoOptions, ExoVariableQuery>;

const KINDS: Array<ComboboxOption<VariableKind>> = [
  { label: 'Tag keys', value: 'tagKeys', description: 'Keys in use (team, region, ...)' },
  {
    label: 'Tag values',
    value: 'tagValues',
    description: 'Values of one tag key (or of exophone/agent/flow/direction/status)',
  },
  { label: 'ExoPhones', value: 'exophones', description: 'Numbers, labelled with their name and region' },
  { label: 'Agents', value: 'agents', description: 'Agent numbers' },
  { label: 'Flows', value: 'flows', description: 'Call flow (App) ids' },
];

/** Editor of a query variable: what to list and, for tag values, which key. */
export function VariableQueryEditor({ datasource, query, onChange }: Props) {
  const [keys, setKeys] = useState<Array<ComboboxOption<string>>>([]);
  const kind = query.kind ?? 'tagKeys';
  useEffect(() => {
    if (kind === 'tagValues') {
      datasource
        .getTagKeys()
        .then((k) => setKeys(k.map((x) => ({ label: x.text, value: x.text }))))
        .catch(() => setKeys([]));
    }
  }, [datasource, kind]);

  return (
    <Stack gap={1}>
      <InlineField label="List" labelWidth={12}>
        <Combobox
          data-testid="variable-kind"
          width={24}
          options={KINDS}
          value={kind}
          onChange={(o) =>
            onChange({ ...query, kind: o.value, ...(o.value === 'tagValues' ? {} : { key: undefined }) })
          }
        />
      </InlineField>
      {kind === 'tagValues' && (
        <InlineField label="Tag key" labelWidth={12} tooltip="A tag key, a built-in dimension, or $variable">
          <Combobox
            data-testid="variable-key"
            width={24}
            options={keys}
            value={query.key ?? null}
            createCustomValue
            onChange={(o) => onChange({ ...query, kind, key: o.value })}
          />
        </InlineField>
      )}
    </Stack>
  );
}
