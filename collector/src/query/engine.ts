import type { QueryResponse } from '@exowatch/contract';
import type { Pool, PoolClient } from 'pg';
import { missedCallsSource } from '../callbacks/missedCalls';
import { buildCallbackQuery, missedRange } from './callbackSql';
import { buildCallQuery } from './callSql';
import { buildFrame, aliasesOf, seriesOf, type Frame, type Row } from './frames';
import { buildHealthQuery } from './healthSql';
import { cleanOfRanges, cleanOfSlots, planRange, type RangePlan } from './plan';
import { parseQueryRequest, QueryError, tagKeysOf, type QuerySpec } from './request';
import { rollupTimeZone } from './rollups';
import { callRollupOf, type CallRollupName } from './rollupTables';
import { loadCalendarResolver, type CalendarResolver } from '../calendars/resolver';
import { inTransaction, type Queryable } from '../store/db';
import { holidayHoursOf } from '../traffic/holidays';
import { expectedTrafficRows } from './expectedTraffic';

/** The contract's response, with the collector's always-present frame meta. */
export interface QueryResult extends QueryResponse {
  frames: Frame[];
}

/** What the engine reads besides the call and health tables. */
export interface QueryContext {
  /** The business calendars (holidays leave expected traffic). Default: the stored calendars. */
  loadCalendars?: (db: Queryable) => Promise<CalendarResolver | null>;
}

export interface EngineOptions extends QueryContext {
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

/** Rollups can answer when buckets are cut in the rollup zone (minute buckets: see planCalls). */
function rollupGrain(spec: QuerySpec, zone: string): 'day' | 'hour' | 'none' {
  if (spec.timeZone !== zone) return 'none';
  if (spec.metric.hourOfWeek) return 'hour';
  const grain = spec.interval.grain;
  if (grain === 'minute') return 'none';
  return grain === 'hour' ? 'hour' : 'day';
}

interface CallPlan {
  plan: RangePlan;
  rollup: CallRollupName;
}

async function planCalls(client: PoolClient, spec: QuerySpec, zone: string): Promise<CallPlan> {
  const rollup = callRollupOf(spec);
  const grain = rollup === 'minute' ? (spec.timeZone === zone ? 'hour' : 'none') : rollupGrain(spec, zone);
  if (rollup === null || grain === 'none')
    return {
      plan: planRange({ from: spec.from, to: spec.to, zone, rollup: 'none', clean: () => true }),
      rollup: 'main',
    };
  const { rows } = await client.query<{ slot: Date }>(
    `SELECT slot FROM rollup_dirty_slots WHERE slot >= $1::timestamptz - interval '1 hour' AND slot < $2`,
    [new Date(spec.from), new Date(spec.to)],
  );
  let computedFrom: number | undefined;
  if (rollup === 'minute') {
    const state = await client.query<{ since: Date | number }>('SELECT since FROM minute_rollup_state');
    const since = state.rows[0]?.since;
    computedFrom = since instanceof Date ? since.getTime() : (since ?? Infinity);
  }
  const plan = planRange({
    from: spec.from,
    to: spec.to,
    zone,
    rollup: grain,
    ...(computedFrom !== undefined ? { computedFrom } : {}),
    clean: cleanOfSlots(rows.map((r) => r.slot.getTime())),
  });
  return { plan, rollup };
}

async function planHealth(client: PoolClient, spec: QuerySpec, zone: string): Promise<RangePlan> {
  const grain = rollupGrain(spec, zone);
  if (grain !== 'day')
    return planRange({ from: spec.from, to: spec.to, zone, rollup: 'none', clean: () => true });
  const state = await client.query<{ computed_until: Date | number }>(
    'SELECT computed_until FROM health_rollup_state',
  );
  const dirty = await client.query<{ range_from: Date | number; range_to: Date | number }>(
    'SELECT range_from, range_to FROM health_dirty_ranges WHERE range_from < $2 AND range_to > $1',
    [new Date(spec.from), new Date(spec.to)],
  );
  const ms = (v: Date | number | undefined) => (v instanceof Date ? v.getTime() : (v ?? -Infinity));
  return planRange({
    from: spec.from,
    to: spec.to,
    zone,
    rollup: 'day',
    noHours: true,
    computedUntil: ms(state.rows[0]?.computed_until),
    clean: cleanOfRanges(dirty.rows.map((r) => [ms(r.range_from), ms(r.range_to)])),
  });
}

async function callRows(
  client: PoolClient,
  spec: QuerySpec,
  zone: string,
  aliases: string[],
): Promise<Row[]> {
  const { plan, rollup } = await planCalls(client, spec, zone);
  const built = buildCallQuery(spec, plan, aliases, rollup);
  return (await client.query<Row>(built.text, built.values)).rows;
}

/** The rows of a spec, read in the caller's snapshot. */
export async function specRows(
  client: PoolClient,
  spec: QuerySpec,
  now: Date,
  context: QueryContext = {},
): Promise<Row[]> {
  await checkTagKeys(client, tagKeysOf(spec));
  const zone = await rollupTimeZone(client);
  if (spec.metric.expectedTraffic) {
    const observed = await callRows(client, spec, zone, ['calls']);
    const holidays = holidayHoursOf(await (context.loadCalendars ?? loadCalendarResolver)(client));
    return expectedTrafficRows(client, { spec, zone, holidays, observed });
  }
  if (spec.metric.missedCalls) {
    // The quantiles sort every called-back call of the range, which spills to disk with the
    // default work_mem.
    await client.query(`SET LOCAL work_mem = '64MB'`);
    const [from, to] = missedRange(spec, now.getTime());
    const source = await missedCallsSource(client, from, to);
    const built = buildCallbackQuery(spec, aliasesOf(seriesOf(spec)), source, now.getTime());
    return (await client.query<Row>(built.text, built.values)).rows;
  }
  if (spec.metric.source === 'calls') return callRows(client, spec, zone, aliasesOf(seriesOf(spec)));
  const built = buildHealthQuery(spec, await planHealth(client, spec, zone), now.getTime());
  return (await client.query<Row>(built.text, built.values)).rows;
}

/** Runs a validated query spec; returns its frame. */
export async function runSpec(
  pool: Pool,
  spec: QuerySpec,
  now: Date,
  context: QueryContext = {},
): Promise<Frame> {
  const rows = await inTransaction(pool, (client) => specRows(client, spec, now, context), SNAPSHOT);
  const notices: string[] = [];
  if (spec.metric.name === 'service_level' && rows.some((r) => Number(r.sl_unknown) > 0)) {
    notices.push(
      'service level is unavailable where an answered call has no settled Duration/ConversationDuration yet',
    );
  }
  if (spec.metric.name === 'avg_talk_time')
    notices.push('talk-time AHT: Exotel records have no hold or wrap-up time');
  return buildFrame(spec, rows, notices);
}

/** POST /api/v1/query: validates (QueryError on bad input) and answers with data frames. */
export async function runQuery(pool: Pool, body: unknown, options: EngineOptions): Promise<QueryResult> {
  const spec = parseQueryRequest(body, options.defaultTimeZone);
  return { frames: [await runSpec(pool, spec, options.now?.() ?? new Date(), options)] };
}
