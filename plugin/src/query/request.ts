import type { QueryRequestBody } from '@exowatch/contract';
import type { ExoQuery } from '../types';
import { applyVariables } from './applyVariables';
import type { Replace } from './interpolate';
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

/** Turns a panel query into the body of POST /api/v1/query, variables interpolated (applyVariables). */
export function buildQueryBody(query: ExoQuery, ctx: RequestContext): QueryRequestBody {
  const q = applyVariables(query, ctx.replace);
  if (q.metric === '') {
    throw new Error('choose a metric');
  }
  const groupBy = q.groupBy ?? [];
  if (groupBy.length > MAX_GROUP_BY) {
    throw new Error(`group by at most ${MAX_GROUP_BY} keys (got ${groupBy.join(', ')})`);
  }
  const filters: Filter[] = [...(q.filters ?? [])];
  for (const key of ['direction', 'status', 'flow'] as const) {
    const values = q[key] ?? [];
    if (values.length > 0) {
      filters.push({ key, op: 'in', values });
    }
  }
  filters.push(...(ctx.adhocFilters ?? []));
  const interval = pickInterval(q.interval ?? '', ctx.intervalMs, ctx.to - ctx.from);
  return {
    refId: q.refId,
    from: ctx.from,
    to: ctx.to,
    interval,
    metric: q.metric,
    ...(groupBy.length > 0 ? { groupBy } : {}),
    ...(filters.length > 0 ? { filters } : {}),
  };
}
