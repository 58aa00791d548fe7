import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { InlineField, MultiCombobox } from '@grafana/ui';

import { ANNOTATION_KINDS } from '../annotations/events';
import type { ExoDataSourceApi } from '../dataSourceApi';
import { ANNOTATIONS_QUERY_TYPE, type ExoOptions, type ExoQuery } from '../types';

/** Annotation editor: which collector events to show (ExoPhone incidents, heartbeat silences, sync gaps). */
export function AnnotationQueryEditor({ query, onChange }: QueryEditorProps<ExoDataSourceApi, ExoQuery, ExoOptions>) {
  return (
    <InlineField label="Show" labelWidth={12} tooltip="Empty shows every kind">
      <MultiCombobox
        data-testid="annotation-kinds"
        width="auto"
        minWidth={30}
        options={[...ANNOTATION_KINDS]}
        value={query.annotationKinds ?? []}
        placeholder="all kinds"
        onChange={(items) =>
          onChange({ ...query, queryType: ANNOTATIONS_QUERY_TYPE, annotationKinds: items.map((i) => i.value) })
        }
      />
    </InlineField>
  );
}
