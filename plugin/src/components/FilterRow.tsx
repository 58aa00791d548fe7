import React, { useEffect, useState } from 'react';
import {
  IconButton,
  InlineField,
  MultiCombobox,
  RadioButtonGroup,
  Stack,
  Combobox,
  type ComboboxOption,
} from '@grafana/ui';

import type { TagFilter } from '../types';

interface Props {
  filter: TagFilter;
  index: number;
  keyOptions: Array<ComboboxOption<string>>;
  /** `$var` options offered next to the collector's values. */
  variableOptions: Array<ComboboxOption<string>>;
  loadValues: (key: string) => Promise<Array<ComboboxOption<string>>>;
  onChange: (filter: TagFilter) => void;
  onRemove: () => void;
}

const OPS: Array<{ label: string; value: TagFilter['op'] }> = [
  { label: 'in', value: 'in' },
  { label: 'not in', value: 'not_in' },
];

/** One tag filter of the query editor: key, in / not in, values loaded from the collector. */
export function FilterRow({ filter, index, keyOptions, variableOptions, loadValues, onChange, onRemove }: Props) {
  const [loaded, setLoaded] = useState<{ key: string; options: Array<ComboboxOption<string>> }>();
  useEffect(() => {
    let live = true;
    const { key } = filter;
    if (key !== '' && !key.startsWith('$')) {
      loadValues(key)
        .then((options) => live && setLoaded({ key, options }))
        .catch(() => live && setLoaded({ key, options: [] }));
    }
    return () => {
      live = false;
    };
  }, [filter, loadValues]);
  const values = loaded?.key === filter.key ? loaded.options : [];

  return (
    <Stack gap={1} alignItems="center">
      <InlineField label={index === 0 ? 'Where' : 'and'} labelWidth={14}>
        <Combobox
          data-testid={`filter-key-${index}`}
          width={20}
          options={[...keyOptions, ...variableOptions]}
          value={filter.key || null}
          placeholder="tag key"
          createCustomValue
          onChange={(o) => onChange({ ...filter, key: o.value, values: [] })}
        />
      </InlineField>
      <RadioButtonGroup options={OPS} value={filter.op} size="sm" onChange={(op) => onChange({ ...filter, op })} />
      <MultiCombobox
        data-testid={`filter-values-${index}`}
        width="auto"
        minWidth={24}
        maxWidth={60}
        options={[...values, ...variableOptions]}
        value={filter.values}
        placeholder="values"
        createCustomValue
        onChange={(items) => onChange({ ...filter, values: items.map((i) => i.value) })}
      />
      <IconButton name="trash-alt" tooltip="Remove filter" onClick={onRemove} />
    </Stack>
  );
}
