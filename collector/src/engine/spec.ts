import type { Interval } from '../querykit/buckets';
import type { Dimension, Filter } from '../querykit/sql';
import type { MetricDef } from './metrics';

/** A validated query (engine/request.ts parses one from a request body). */
export interface QuerySpec {
  refId?: string;
  metric: MetricDef;
  from: number;
  to: number;
  interval: Interval;
  timeZone: string;
  buckets: number[];
  groupBy: Dimension[];
  filters: Filter[];
  serviceLevel: { defaultSeconds: number; teamKey: string; byTeam: Record<string, number> };
}

/** A request the engine refuses (answered 400 with its message). */
export class QueryError extends Error {}
