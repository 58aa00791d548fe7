import type { Pool } from 'pg';
import * as engine from '../engine/engine';
import * as request from '../engine/request';
import type { QuerySpec } from '../engine/spec';
import { builtinFamilies, type QueryContext } from './families';

export type { QueryContext } from './families';

export interface EngineOptions extends engine.EngineOptions, QueryContext {}

/** The catalogue of the built-in families (GET /api/v1/metrics). */
export const CATALOGUE = builtinFamilies();

/** Validates a request against the built-in catalogue (QueryError on bad input). */
export const parseQueryRequest = (body: unknown, defaultTimeZone: string): QuerySpec =>
  request.parseQueryRequest(body, defaultTimeZone, CATALOGUE);

/** POST /api/v1/query over the built-in families. */
export const runQuery = (pool: Pool, body: unknown, options: EngineOptions): Promise<engine.QueryResult> =>
  engine.runQuery(pool, body, builtinFamilies(options), options);
