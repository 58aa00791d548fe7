import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { InlineField, RadioButtonGroup, Stack } from '@grafana/ui';

import { WORKLIST_KEYS } from '../callbacks/worklist';
import type { ExoDataSourceApi } from '../dataSourceApi';
import { CALLBACKS_QUERY_TYPE, type ExoOptions, type ExoQuery } from '../types';
import { CallbacksQueryEditor } from './CallbacksQueryEditor';
import { MetricQueryEditor } from './MetricQueryEditor';

type Props = QueryEditorProps<ExoDataSourceApi, ExoQuery, ExoOptions>;

const QUERY_TYPES: Array<{ label: string; value: string; description: string }> = [
  { label: 'Metric', value: '', description: 'A KPI from the collector, over time' },
  { label: 'Callback worklist', value: CALLBACKS_QUERY_TYPE, description: 'Missed calls still waiting for a callback' },
];

/** Panel query editor: a metric query or the callback worklist, chosen at the top. */
export function QueryEditor(props: Props) {
  const { query, onChange, onRunQuery } = props;
  const setType = (type: string) => {
    const filters = query.filters ?? [];
    onChange(
      type === CALLBACKS_QUERY_TYPE
        ? {
            ...query,
            queryType: CALLBACKS_QUERY_TYPE,
            filters: filters.filter((f) => (WORKLIST_KEYS as readonly string[]).includes(f.key)),
          }
        : { ...query, queryType: undefined, metric: query.metric || 'calls' }
    );
    onRunQuery();
  };
  return (
    <Stack direction="column" gap={1}>
      <InlineField label="Query" labelWidth={14}>
        <RadioButtonGroup
          options={QUERY_TYPES}
          value={query.queryType === CALLBACKS_QUERY_TYPE ? CALLBACKS_QUERY_TYPE : ''}
          onChange={setType}
        />
      </InlineField>
      {query.queryType === CALLBACKS_QUERY_TYPE ? (
        <CallbacksQueryEditor {...props} />
      ) : (
        <MetricQueryEditor {...props} />
      )}
    </Stack>
  );
}
