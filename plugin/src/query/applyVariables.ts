import type { ExoQuery, TagFilter } from '../types';
import { expandSingle, expandValues, meansAll, type Replace } from './interpolate';

/** Legend text: a multi-value variable reads as "sales, support". */
const legendFormat = (value: unknown) => (Array.isArray(value) ? value.map(String).join(', ') : String(value));

/**
 * A panel query with every template variable replaced: the one interpolation used for what the
 * collector is sent (query()) and for what Grafana shows elsewhere (Explore, "copy query", dashboard
 * links: interpolateVariablesInQueries). List parts (group-by keys, filter values, directions...) take
 * every value of a multi-value variable; a list meaning All is dropped, as it restricts nothing.
 */
export function applyVariables(query: ExoQuery, replace: Replace): ExoQuery {
  const list = (values: readonly string[]) => {
    const expanded = expandValues(values, replace);
    return meansAll(expanded) ? [] : expanded;
  };
  const filters = (query.filters ?? []).flatMap((f): TagFilter[] => {
    const key = expandSingle(f.key, replace);
    const values = list(f.values);
    return key === '' || values.length === 0 ? [] : [{ key, op: f.op, values }];
  });
  return {
    ...query,
    metric: expandSingle(query.metric ?? '', replace),
    ...(query.groupBy ? { groupBy: expandValues(query.groupBy, replace) } : {}),
    ...(query.filters ? { filters } : {}),
    ...(query.direction ? { direction: list(query.direction) } : {}),
    ...(query.status ? { status: list(query.status) } : {}),
    ...(query.flow ? { flow: list(query.flow) } : {}),
    ...(query.interval !== undefined ? { interval: expandSingle(query.interval, replace) } : {}),
    ...(query.legendFormat !== undefined ? { legendFormat: replace(query.legendFormat, legendFormat) } : {}),
  };
}
