import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';

import type { CollectorAnnotation } from '@exowatch/contract';
import type { AnnotationKind } from '../types';

export const ANNOTATION_KINDS: ReadonlyArray<{ value: AnnotationKind; label: string; description: string }> = [
  { value: 'incident', label: 'ExoPhone incidents', description: 'Heartbeat listed a number as affected' },
  { value: 'heartbeat-silence', label: 'Heartbeat silences', description: 'No heartbeat arrived: health unknown' },
  { value: 'sync-gap', label: 'Call sync gaps', description: 'Calls after this time are not synced yet' },
];

/**
 * Collector annotations of the chosen kinds (all when none chosen) as a frame Grafana turns into
 * region events (time, timeEnd, title, text, tags).
 */
export function annotationFrame(
  refId: string,
  list: readonly CollectorAnnotation[],
  kinds: readonly AnnotationKind[]
): DataFrame {
  const wanted = kinds.length > 0 ? list.filter((a) => kinds.some((k) => a.tags.includes(k))) : list;
  return createDataFrame({
    refId,
    name: 'annotations',
    fields: [
      { name: 'time', type: FieldType.time, values: wanted.map((a) => a.time) },
      { name: 'timeEnd', type: FieldType.time, values: wanted.map((a) => a.timeEnd) },
      { name: 'title', type: FieldType.string, values: wanted.map((a) => a.title) },
      { name: 'text', type: FieldType.string, values: wanted.map((a) => a.text) },
      { name: 'tags', type: FieldType.other, values: wanted.map((a) => a.tags) },
    ],
  });
}
