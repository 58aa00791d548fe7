import type { QueryResponse } from '@exowatch/contract';
import type { Pool, PoolClient } from 'pg';
import { rollupTimeZone } from '../rollups/rollups';
import { inTransaction } from '../store/db';
import { buildFrame, type Frame, type Row } from './frames';
import { parseQueryRequest, tagKeysOf } from './request';
import { QueryError, type QuerySpec } from './spec';
import type { FamilyRegistry } from './registry';

/** The contract's response, with the collector's always-present frame meta. */
export interface QueryResult extends QueryResponse {
  frames: Frame[];
}

export interface EngineOptions {
  /** Business time zone used when a request names none. */
  defaultTimeZone: string;
  now?: () => Date;
}

/** Reads in one REPEATABLE READ snapshot, so rollups, dirty marks and raw rows agree. */
export const SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

async function checkTagKeys(client: PoolClient, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const { rows } = await client.query<{ key: string }>(
    'SELECT DISTINCT key FROM tag_values WHERE key = ANY($1::text[])',
    [keys],
  );
  const known = new Set(rows.map((r) => r.key));
  const unknown = keys.filter((k) => !known.has(k));
  if (unknown.length > 0)
    throw new QueryError(`unknown tag key ${unknown.map((k) => `"${k}"`).join(', ')}: no tag uses it`);
}

/** Rollups can answer when buckets are cut in the rollup zone (minute buckets read raw or minute rollups). */
export function rollupGrain(spec: QuerySpec, zone: string): 'day' | 'hour' | 'none' {
  if (spec.timeZone !== zone) return 'none';
  if (spec.metric.hourOfWeek) return 'hour';
  const grain = spec.interval.grain;
  if (grain === 'minute') return 'none';
  return grain === 'hour' ? 'hour' : 'day';
}

/** The rows of a spec, read in the caller's snapshot by the metric's family. */
export async function specRows(
  client: PoolClient,
  spec: QuerySpec,
  now: Date,
  registry: FamilyRegistry,
): Promise<Row[]> {
  await checkTagKeys(client, tagKeysOf(spec));
  const zone = await rollupTimeZone(client);
  return registry.familyOf(spec.metric).rows(client, spec, { now, zone });
}

/** Runs a validated query spec; returns its frame. */
export async function runSpec(
  pool: Pool,
  spec: QuerySpec,
  now: Date,
  registry: FamilyRegistry,
): Promise<Frame> {
  const rows = await inTransaction(pool, (client) => specRows(client, spec, now, registry), SNAPSHOT);
  const family = registry.familyOf(spec.metric);
  return buildFrame(
    spec,
    rows,
    family.notices?.(spec, rows) ?? [],
    family.series?.(spec) ?? spec.metric.series,
  );
}

/** POST /api/v1/query: validates (QueryError on bad input) and answers with data frames. */
export async function runQuery(
  pool: Pool,
  body: unknown,
  registry: FamilyRegistry,
  options: EngineOptions,
): Promise<QueryResult> {
  const spec = parseQueryRequest(body, options.defaultTimeZone, registry);
  return { frames: [await runSpec(pool, spec, options.now?.() ?? new Date(), registry)] };
}
