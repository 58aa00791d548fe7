import type { PoolClient } from 'pg';
import { rollupGrain } from '../engine/engine';
import type { Row } from '../engine/frames';
import type { QuerySpec } from '../engine/spec';
import { cleanOfSlots, planRange, type RangePlan } from '../querykit/plan';
import { CALL_ROLLUPS, type CallRollupName } from '../rollups/rollupTables';
import { packedSql, unpackRows } from '../querykit/packedRows';
import { buildCallQuery, callQueryColumns } from './callSql';

/**
 * Which call rollups hold every dimension the query uses: the agent family for agent queries (which
 * keeps no ExoPhone or flow), the minute family for minute intervals (no agent), the tags family (the
 * smallest) when it keeps every dimension used, else the main one. A status is no dimension of any
 * rollup: its counts are measures.
 */
export function callRollupOf(spec: QuerySpec): CallRollupName | null {
  const used = new Set(
    [...spec.groupBy, ...spec.filters.map((f) => f.dimension)].flatMap((d) =>
      d.kind === 'builtin' ? [d.name] : [],
    ),
  );
  const byMinute = spec.interval.grain === 'minute' && !spec.metric.hourOfWeek;
  if (used.has('agent')) return byMinute || used.has('exophone') || used.has('flow') ? null : 'agent';
  if (byMinute) return 'minute';
  const tagsDims: readonly string[] = CALL_ROLLUPS.tags.dims;
  return [...used].every((name) => name === 'status' || tagsDims.includes(name)) ? 'tags' : 'main';
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

/** The sums `aliases` of the call facts per bucket and group, from clean rollups and the raw rest. */
export async function callRows(
  client: PoolClient,
  spec: QuerySpec,
  zone: string,
  aliases: string[],
): Promise<Row[]> {
  const { plan, rollup } = await planCalls(client, spec, zone);
  const built = buildCallQuery(spec, plan, aliases, rollup);
  const { keys, columns } = callQueryColumns(spec, aliases);
  const packed = await client.query<Row>(packedSql(built.text, keys, columns), built.values);
  return unpackRows(packed.rows, keys, columns);
}
