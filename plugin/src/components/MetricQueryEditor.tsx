import React, { useCallback, useEffect, useState } from 'react';
import type { QueryEditorProps } from '@grafana/data';
import {
  Button,
  Combobox,
  InlineField,
  InlineSwitch,
  Input,
  MultiCombobox,
  Stack,
  Text,
  type ComboboxOption,
} from '@grafana/ui';

import type { MetricInfo } from '@exowatch/contract';
import { CALL_DIRECTIONS, CALL_STATUSES, HEALTH_DIRECTIONS, INTERVALS, WHOLE_RANGE } from '../constants';
import type { ExoDataSourceApi } from '../dataSourceApi';
import { describeError } from '../errors';
import type { ExoOptions, ExoQuery, TagFilter } from '../types';
import { findValueOptions, useVariableOptions } from './comboboxOptions';
import { FilterRow } from './FilterRow';
import { CollectorError } from './CollectorError';

type Props = QueryEditorProps<ExoDataSourceApi, ExoQuery, ExoOptions>;

const toOptions = (values: readonly string[]): Array<ComboboxOption<string>> =>
  values.map((v) => ({ label: v, value: v }));

const INTERVAL_OPTIONS: Array<ComboboxOption<string>> = [
  { label: 'auto', value: '', description: 'From the panel width and time range' },
  ...INTERVALS.map((i) => ({ label: i.name, value: i.name })),
  { label: 'whole range', value: WHOLE_RANGE, description: 'One bucket: counts and ratios over the whole range' },
];

/** Built-in dimensions with controls of their own below the filters (not offered as filter keys). */
const OWN_CONTROLS = ['direction', 'status'];

/** Editor of a metric query: metric, group by, tag filters, direction/status/flow, legend, interval. */
export function MetricQueryEditor({ datasource, query, onChange, onRunQuery }: Props) {
  const [metrics, setMetrics] = useState<MetricInfo[]>([]);
  const [tagKeys, setTagKeys] = useState<string[]>([]);
  const [flows, setFlows] = useState<string[]>([]);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    Promise.all([datasource.metricCatalogue(), datasource.api.tagKeys(), datasource.api.flows()])
      .then(([m, k, f]) => {
        if (live) {
          setMetrics(m);
          setTagKeys(k.keys.map((x) => x.key));
          setFlows(f);
          setError(undefined);
        }
      })
      .catch((e) => live && setError(`cannot load the metric catalogue: ${describeError(e)}`));
    return () => {
      live = false;
    };
  }, [datasource]);

  const variableOptions = useVariableOptions();
  const metric = metrics.find((m) => m.name === query.metric);
  const isHealth = metric?.source === 'health';
  const builtins = (metric?.groupBy ?? ['exophone', 'agent', 'flow', 'direction']).filter((g) => !g.startsWith('<'));
  const groupOptions = [
    ...builtins.map((b) => ({ label: b, value: b, group: 'built-in' })),
    ...tagKeys.map((k) => ({ label: k, value: k, group: 'tag keys' })),
    ...variableOptions,
  ];
  const filterKeyOptions = [
    ...builtins.filter((b) => !OWN_CONTROLS.includes(b)).map((b) => ({ label: b, value: b, group: 'built-in' })),
    ...tagKeys.map((k) => ({ label: k, value: k, group: 'tag keys' })),
  ];
  const loadValues = useCallback(
    async (key: string) => findValueOptions(await datasource.dimensionValues(key)),
    [datasource]
  );

  const change = (patch: Partial<ExoQuery>) => {
    onChange({ ...query, ...patch });
    onRunQuery();
  };
  const filters = query.filters ?? [];
  const setFilter = (i: number, f: TagFilter | null) =>
    change({ filters: f ? filters.map((x, j) => (j === i ? f : x)) : filters.filter((_, j) => j !== i) });

  return (
    <Stack direction="column" gap={1}>
      <CollectorError error={error} />
      <Stack gap={1} wrap="wrap">
        <InlineField label="Metric" labelWidth={14} tooltip="KPI from the collector's catalogue (see the help panel)">
          <Combobox
            data-testid="metric"
            width={32}
            options={metrics.map((m) => ({
              label: m.title,
              value: m.name,
              description: `${m.formula} · unit ${m.unit}`,
            }))}
            value={query.metric}
            onChange={(o) => change({ metric: o.value, status: o.value === 'calls' ? query.status : undefined })}
          />
        </InlineField>
        <InlineField label="Group by" labelWidth={12} tooltip="Up to three tag keys or built-in dimensions">
          <MultiCombobox
            data-testid="group-by"
            width="auto"
            minWidth={24}
            maxWidth={60}
            options={groupOptions}
            value={query.groupBy ?? []}
            createCustomValue
            onChange={(items) => change({ groupBy: items.map((i) => i.value) })}
          />
        </InlineField>
      </Stack>
      {metric && (
        <div data-testid="metric-description">
          <Text color="secondary" variant="bodySmall">
            {metric.description} Unit: {metric.unit}.
          </Text>
        </div>
      )}
      {filters.map((f, i) => (
        <FilterRow
          key={i}
          index={i}
          filter={f}
          keyOptions={filterKeyOptions}
          variableOptions={variableOptions}
          loadValues={loadValues}
          onChange={(nf) => setFilter(i, nf)}
          onRemove={() => setFilter(i, null)}
        />
      ))}
      <Stack gap={1} wrap="wrap">
        <Button
          variant="secondary"
          icon="plus"
          onClick={() => onChange({ ...query, filters: [...filters, { key: '', op: 'in', values: [] }] })}
        >
          Tag filter
        </Button>
        <InlineField label="Direction" labelWidth={12}>
          <MultiCombobox
            data-testid="direction"
            width="auto"
            minWidth={16}
            options={toOptions(isHealth ? HEALTH_DIRECTIONS : CALL_DIRECTIONS)}
            value={query.direction ?? []}
            onChange={(items) => change({ direction: items.map((i) => i.value) })}
          />
        </InlineField>
        {query.metric === 'calls' && (
          <InlineField label="Status" labelWidth={10}>
            <MultiCombobox
              data-testid="status"
              width="auto"
              minWidth={16}
              options={toOptions(CALL_STATUSES)}
              value={query.status ?? []}
              onChange={(items) => change({ status: items.map((i) => i.value) })}
            />
          </InlineField>
        )}
        {!isHealth && (
          <InlineField label="Flow" labelWidth={8}>
            <MultiCombobox
              data-testid="flow"
              width="auto"
              minWidth={16}
              options={[...toOptions(flows), ...variableOptions]}
              value={query.flow ?? []}
              createCustomValue
              onChange={(items) => change({ flow: items.map((i) => i.value) })}
            />
          </InlineField>
        )}
      </Stack>
      <Stack gap={1} wrap="wrap">
        <InlineField
          label="Legend"
          labelWidth={14}
          tooltip="Series name, e.g. {{team}} {{direction}}; {{metric}} is the metric"
        >
          <Input
            data-testid="legend"
            width={30}
            placeholder="auto"
            defaultValue={query.legendFormat ?? ''}
            onBlur={(e) => change({ legendFormat: e.currentTarget.value })}
          />
        </InlineField>
        <InlineField label="Interval" labelWidth={12} tooltip="Bucket size, cut in the business time zone">
          <Combobox
            data-testid="interval"
            width={20}
            options={[...INTERVAL_OPTIONS, ...variableOptions]}
            value={query.interval ?? ''}
            createCustomValue
            onChange={(o) => change({ interval: o.value })}
          />
        </InlineField>
        <InlineField label="Counts" labelWidth={10} tooltip="Also return each ratio's numerator and denominator">
          <InlineSwitch
            data-testid="include-counts"
            value={!!query.includeCounts}
            onChange={(e) => change({ includeCounts: e.currentTarget.checked })}
          />
        </InlineField>
      </Stack>
      {(query.adhocFilters ?? []).length > 0 && (
        <Stack gap={1} alignItems="center" data-testid="carried-adhoc">
          <Text color="secondary">
            Dashboard filters carried along:{' '}
            {(query.adhocFilters ?? [])
              .map((f) => `${f.key} ${f.operator} ${f.values?.join(' | ') ?? f.value}`)
              .join(', ')}
          </Text>
          <Button size="sm" variant="secondary" fill="text" onClick={() => change({ adhocFilters: undefined })}>
            Remove
          </Button>
        </Stack>
      )}
    </Stack>
  );
}
