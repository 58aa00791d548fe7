import { createDataFrame, FieldType, type DataFrame, type Field, type QueryResultMetaNotice } from '@grafana/data';

import type { CollectorField, CollectorFrame } from '@exowatch/contract';
import type { ExoQuery } from '../types';

const FIELD_TYPES: Record<CollectorField['type'], FieldType> = {
  time: FieldType.time,
  number: FieldType.number,
  string: FieldType.string,
};

/** `{{team}} / {{direction}}` → `sales / inbound`; `{{metric}}` is the metric name; unknown labels stay empty. */
export function renderLegend(format: string, labels: Record<string, string>, metric: string): string {
  return format.replace(/\{\{\s*([\w-]+)\s*\}\}/g, (_, name: string) =>
    name === 'metric' ? metric : (labels[name] ?? '')
  );
}

function convertField(field: CollectorField, frame: CollectorFrame, query: ExoQuery): Omit<Field, 'state'> {
  const role = field.config?.custom?.role;
  const config: Field['config'] = {};
  if (field.config?.unit) {
    config.unit = field.config.unit;
  }
  const legend = query.legendFormat?.trim();
  if (legend && field.labels) {
    const name = renderLegend(legend, field.labels, frame.name);
    config.displayNameFromDS = role === 'value' || role === undefined ? name : `${name} ${field.name}`;
  }
  if (role === 'numerator' || role === 'denominator') {
    config.unit = 'short';
  }
  return {
    name: field.name,
    type: FIELD_TYPES[field.type],
    values: field.values,
    config,
    ...(field.labels ? { labels: field.labels } : {}),
  };
}

/**
 * The collector's wide frame → a Grafana DataFrame: a time field and, per series, a value field with
 * labels and unit. A ratio's numerator and denominator fields are kept only when the query asks for
 * them (they let a panel sum counts instead of averaging percentages).
 */
export function toDataFrame(frame: CollectorFrame, query: ExoQuery): DataFrame {
  const fields = frame.fields
    .filter((f) => {
      const role = f.config?.custom?.role;
      return query.includeCounts || (role !== 'numerator' && role !== 'denominator');
    })
    .map((f) => convertField(f, frame, query));
  const notices: QueryResultMetaNotice[] = (frame.meta?.notices ?? []).map((n) => ({
    severity: n.severity,
    text: n.text,
  }));
  return createDataFrame({
    refId: query.refId,
    name: frame.name,
    fields,
    meta: {
      ...(notices.length > 0 ? { notices } : {}),
      ...(frame.meta?.custom ? { custom: frame.meta.custom } : {}),
    },
  });
}
