/**
 * Query work in two lanes by how much history a request reads, each with slots of its own, so a month
 * of analysis can never queue a wall of NOC screens. Screens and health boards ask about the last hours
 * (the NOC overview 6 h, ExoPhone health 24 h) and are answered from minute rollups in milliseconds;
 * a team's week or a month of trends is summed from hourly rollups or raw calls and takes a second
 * or more. With one queue, a few analysts' dashboards held every slot and the wall waited behind them
 * (bench:load: NOC p99 37 s). Live work still shares the database's CPU with history work, but it
 * never waits behind it for a turn.
 */
import { parseInstant } from '../tags/target';
import { createQuerySlots, type QuerySlots } from './querySlots';

export type Lane = 'live' | 'history';

/** Requests whose range spans at most this are live: a day, what wall screens and health boards show. */
export const LIVE_SPAN_MS = 24 * 60 * 60 * 1000;

export type QueryLanes = Record<Lane, QuerySlots>;

/**
 * `concurrency` slots for live work and half as many (at least one) for history work: history queries
 * are the ones that keep the database's cores busy for seconds, so fewer of them run at once.
 */
export function createQueryLanes(concurrency: number): QueryLanes {
  const slots = laneSlots(concurrency);
  return { live: createQuerySlots(slots.live), history: createQuerySlots(slots.history) };
}

/** How many requests each lane serves at once: the connections its queries need. */
export function laneSlots(concurrency: number): Record<Lane, number> {
  return { live: concurrency, history: Math.max(1, Math.floor(concurrency / 2)) };
}

/**
 * The callback worklist names no range but reads every missed call still inside its callback window,
 * up to a month back (callbacks/match.ts WINDOW_CAP_MS): history work.
 */
const HISTORY_PATHS = new Set(['/api/v1/callbacks/open']);

/**
 * The lane of a request to `path` with this `from`/`to` (as sent: epoch ms or ISO 8601). A request
 * naming no range (variable lists, tags) is live unless its path reads history; one whose range does
 * not parse is live too, since its route refuses it at once.
 */
export function laneOf(path: string, range: { from?: unknown; to?: unknown }): Lane {
  if (HISTORY_PATHS.has(path)) return 'history';
  const instant = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' ? parseInstant(value) : undefined;
  const from = instant(range.from);
  const to = instant(range.to);
  if (!from?.ok || !to?.ok) return 'live';
  return to.value.getTime() - from.value.getTime() > LIVE_SPAN_MS ? 'history' : 'live';
}
