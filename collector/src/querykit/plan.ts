import { DAY_MS, HOUR_MS, zoneClock } from './zone';

/**
 * Which parts of a query range come from the day rollups, the hour rollups and the raw tables.
 * A rollup bucket is used only when it lies wholly inside the range and nothing in it changed since
 * it was computed; everything else is computed from the raw tables, so the answer always equals the
 * raw computation.
 */
export interface RangePlan {
  days: number[];
  hours: number[];
  raw: [number, number][];
}

export interface PlanInput {
  from: number;
  to: number;
  zone: string;
  /**
   * Coarsest rollup the request can use (`day` falls back to hours where a day is not usable);
   * `none` forces the raw tables.
   */
  rollup: 'day' | 'hour' | 'none';
  /** Health keeps day rollups only. */
  noHours?: boolean;
  /** Is [start, end) clean (no change since its rollup was computed)? */
  clean(start: number, end: number): boolean;
  /** Rollup rows exist only before this instant (health: whole ended days). */
  computedUntil?: number;
  /** Rollup rows exist only from this instant on (minute rollups: the recent hours). */
  computedFrom?: number;
}

function pushRaw(raw: [number, number][], start: number, end: number): void {
  if (end <= start) return;
  const last = raw[raw.length - 1];
  if (last && last[1] === start) last[1] = end;
  else raw.push([start, end]);
}

export function planRange(input: PlanInput): RangePlan {
  const plan: RangePlan = { days: [], hours: [], raw: [] };
  const { from, to, zone } = input;
  const until = Math.min(to, input.computedUntil ?? Infinity);
  const since = Math.max(from, input.computedFrom ?? -Infinity);
  if (input.rollup === 'none' || until <= since) {
    pushRaw(plan.raw, from, to);
    return plan;
  }
  const clock = zoneClock(zone);
  let cursor = from;
  for (let ds = clock.startOfDay(from); ds < to;) {
    const de = clock.add(ds, DAY_MS);
    if (input.rollup === 'day' && ds >= since && de <= until && input.clean(ds, de)) {
      pushRaw(plan.raw, cursor, ds);
      plan.days.push(ds);
      cursor = de;
    } else if (!input.noHours) {
      for (let hs = ds; hs < de && hs < to;) {
        const he = Math.min(clock.add(hs, HOUR_MS), de);
        if (hs >= since && he <= until && input.clean(hs, he)) {
          pushRaw(plan.raw, cursor, hs);
          plan.hours.push(hs);
          cursor = he;
        }
        hs = he;
      }
    }
    ds = de;
  }
  pushRaw(plan.raw, cursor, to);
  return plan;
}

const SLOT_MS = 15 * 60_000;

/** `clean` for the call rollups: no dirty 15-minute slot inside [start, end). */
export function cleanOfSlots(dirtySlots: readonly number[]): (start: number, end: number) => boolean {
  const slots = new Set(dirtySlots);
  return (start, end) => {
    for (let s = Math.floor(start / SLOT_MS) * SLOT_MS; s < end; s += SLOT_MS) if (slots.has(s)) return false;
    return true;
  };
}

/** `clean` for the health rollups: no dirty range overlapping [start, end). */
export function cleanOfRanges(ranges: readonly [number, number][]): (start: number, end: number) => boolean {
  return (start, end) => !ranges.some(([a, b]) => a < end && b > start);
}
