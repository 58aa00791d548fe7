import type { QueryRequestBody } from '@exowatch/contract';
import type { ExoQuery } from '../types';
import { expandSingle, expandValues, meansAll, type Replace } from './interpolate';
import { pickInterval } from './interval';

export interface RequestContext {
  from: number;
  to: number;
  /** Grafana's suggested interval for the panel (request.intervalMs). */
  intervalMs: number;
  replace: Replace;
  /** The dashboard's ad hoc filters, already resolved into collector filters (query/adhoc.ts). */
  adhocFilters?: readonly Filter[];
}

export type Filter = NonNullable<QueryRequestBody['filters']>[number];

/** The collector accepts this many group-by keys. */
const MAX_GROUP_BY = 3;

/** Turns a panel query into the body of POST /api/v1/query, variables interpolated. */
export function buildQueryBody(query: ExoQuery, ctx: RequestContext): QueryRequestBody {
  const { replace } = ctx;
  const metric = expandSingle(query.metric ?? '', replace);
  if (metric === '') {
    throw new Error('choose a metric');
  }
  const groupBy = expandValues(query.groupBy ?? [], replace);
  if (groupBy.length > MAX_GROUP_BY) {
    throw new Error(`group by at most ${MAX_GROUP_BY} keys (got ${groupBy.join(', ')})`);
  }
  const filters: Filter[] = [];
  const addFilter = (key: string, op: Filter['op'], raw: readonly string[]) => {
    const values = expandValues(raw, replace);
    if (key !== '' && values.length > 0 && !meansAll(values)) {
      filters.push({ key, op, values });
    }
  };
  for (const f of query.filters ?? []) {
    addFilter(expandSingle(f.key, replace), f.op, f.values);
  }
  addFilter('direction', 'in', query.direction ?? []);
  addFilter('status', 'in', query.status ?? []);
  addFilter('flow', 'in', query.flow ?? []);
  filters.push(...(ctx.adhocFilters ?? []));
  const interval = pickInterval(expandSingle(query.interval ?? '', replace), ctx.intervalMs, ctx.to - ctx.from);
  return {
    refId: query.refId,
    from: ctx.from,
    to: ctx.to,
    interval,
    metric,
    ...(groupBy.length > 0 ? { groupBy } : {}),
    ...(filters.length > 0 ? { filters } : {}),
  };
}
