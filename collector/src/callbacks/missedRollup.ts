import type { QuerySpec } from '../engine/spec';
import type { Queryable } from '../store/db';
import { openInstants } from './callbackSql';
import { WINDOW_CAP_MS } from './match';
import { SLOT_MS } from './missedCalls';
import type { RollupSpan } from './missedRow';

/**
 * Which slots a callback query reads from missed_call_rollup (migration 024) instead of missed_calls.
 * A rollup row keeps its calls' slot, not their start, and their stop rounded up to a slot boundary,
 * so it answers exactly where:
 * - every boundary the query cuts at (range ends, bucket starts) falls on a slot boundary, and
 * - every call of the row has stopped waiting by the query's now (its settled_at): what is counted no
 *   longer depends on now.
 * Slots before the first boundary off the grid, and before the first slot not settled, qualify; in
 * practice every slot but the last hours of a dashboard's range, whose rows are read from missed_calls.
 *
 * missed_callbacks_open counts the calls waiting at instants up to now. A call still waiting at now
 * waits at every earlier instant whenever it stops, so a row answers whether or not it has settled. At
 * an instant on the grid it is exact; at one inside a slot (now, mostly) it is not where its calls are
 * of that slot (missed after the instant, perhaps) or stop between the instant and the slot's end:
 * those slots are read from missed_calls.
 */

/** The slots that may come from the rollup, and what decides which of them do. */
export type RollupReach = RollupSpan &
  (
    | {
        /** Every call of a row read must have stopped waiting by then. */
        settledBy: number;
      }
    | {
        /** missed_callbacks_open: its instants off the slot grid. */
        offGrid: number[];
      }
  );

const floorSlot = (t: number) => Math.floor(t / SLOT_MS) * SLOT_MS;
const ceilSlot = (t: number) => Math.ceil(t / SLOT_MS) * SLOT_MS;
const onGrid = (t: number) => t % SLOT_MS === 0;

/** The rollup keeps tags and period (direction is always inbound): not the agent, ExoPhone or flow. */
const KEPT: readonly string[] = ['period', 'direction'];

const usesUnkept = (spec: QuerySpec) =>
  [...spec.groupBy, ...spec.filters.map((f) => f.dimension)].some(
    (d) => d.kind === 'builtin' && !KEPT.includes(d.name),
  );

/** Where the rollup can answer `spec` at `now`, before asking which slots have settled (pure). */
export function rollupReach(spec: QuerySpec, now: number): RollupReach | null {
  if (usesUnkept(spec)) return null;
  if (spec.metric.name === 'missed_callbacks_open') {
    const instants = openInstants(spec, now);
    if (instants.length === 0) return null;
    return {
      from: floorSlot(instants[0]! - WINDOW_CAP_MS),
      to: floorSlot(instants[instants.length - 1]!),
      offGrid: instants.filter((t) => !onGrid(t)),
    };
  }
  const from = ceilSlot(spec.from);
  // A bucket starting inside a slot would split its calls: the rollup stops at that slot.
  const offGrid = spec.buckets.find((start) => start > from && !onGrid(start));
  return { from, to: floorSlot(Math.min(spec.to, now, offGrid ?? Infinity)), settledBy: now };
}

/**
 * The slots of `reach` the rollup answers: up to the first one holding a call not settled by then; for
 * missed_callbacks_open, all of them less the slots its instants off the grid need from missed_calls.
 */
export async function missedRollupSpan(db: Queryable, reach: RollupReach | null): Promise<RollupSpan | null> {
  if (reach === null || reach.to <= reach.from) return null;
  if ('offGrid' in reach) return { from: reach.from, to: reach.to, rawSlots: await offGridSlots(db, reach) };
  // min(slot + 0), not min(slot): for a plain min(slot) PostgreSQL walks the slot index from the range's
  // start and filters on settled_at, reading every settled row of the range before the first unsettled
  // one (32,000 rows, 9 ms, at 1 M calls). Few rows are unsettled; the (settled_at, slot) index finds them.
  const { rows } = await db.query<{ horizon: Date | null }>(
    `SELECT min(slot + interval '0') AS horizon FROM missed_call_rollup
     WHERE settled_at > $3 AND slot >= $1 AND slot < $2`,
    [new Date(reach.from), new Date(reach.to), new Date(reach.settledBy)],
  );
  const to = rows[0]?.horizon?.getTime() ?? reach.to;
  return to > reach.from ? { from: reach.from, to } : null;
}

/**
 * The slots of the span whose rows are not exact at its instants off the grid: each instant's own slot,
 * and the slots of rows with a call stopping inside an instant's slot (an end rounded up to the slot's
 * end). Such a row has settled after the instant's slot began: the settled_at index finds the few
 * candidates (rows with calls still waiting, at now).
 */
async function offGridSlots(db: Queryable, reach: RollupSpan & { offGrid: number[] }): Promise<number[]> {
  if (reach.offGrid.length === 0) return [];
  const { rows } = await db.query<{ slot: Date }>(
    `SELECT DISTINCT slot FROM missed_call_rollup
     WHERE settled_at > $3 AND slot >= $1 AND slot < $2 AND open_ends && $4::timestamptz[]`,
    [
      new Date(reach.from),
      new Date(reach.to),
      new Date(floorSlot(Math.min(...reach.offGrid))),
      reach.offGrid.map((t) => new Date(ceilSlot(t))),
    ],
  );
  const own = reach.offGrid.map(floorSlot).filter((slot) => slot >= reach.from && slot < reach.to);
  return [...new Set([...own, ...rows.map((r) => r.slot.getTime())])].sort((a, b) => a - b);
}
