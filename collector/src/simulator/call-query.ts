import { displayedStatus, isVisible } from './call-view';
import type { SimCall } from './sim-call';
import type { TrafficModel } from './traffic';
import { MAX_CALL_MS, SLOT_MS, compareCalls } from './traffic';

/** Inclusive on both ends (Exotel's `gte`/`lte`), UTC milliseconds. */
export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

/** Optional filters; each set holds the accepted values (PhoneNumber as E.164). */
export interface CallFilter {
  statuses?: ReadonlySet<string>;
  directions?: ReadonlySet<string>;
  phoneNumbers?: ReadonlySet<string>;
  sids?: ReadonlySet<string>;
}

/** A place in API order, between two calls: what a paging cursor encodes. */
export interface Position {
  createdMs: number;
  sid: string;
}

export type SortOrder = 'asc' | 'desc';

const CHUNK_SLOTS = 60;
const LAST_SECOND_OF_SLOT_MS = SLOT_MS - 1000;
const CHUNK_CACHE_LIMIT = 500_000;

/**
 * Ordered walks and counts over the calls visible at a given moment. Counting a whole month on every
 * page would be too slow, so counts of hour-long chunks that can no longer change (every call in them
 * has ended and settled) are cached.
 */
export class CallQueries {
  private readonly chunkCounts = new Map<string, number>();

  constructor(
    private readonly traffic: TrafficModel,
    private readonly maxSettleMs: number,
  ) {}

  /** Visible calls matching the filter, in `order`, strictly after `after` when given. */
  *walk(
    window: TimeWindow,
    filter: CallFilter,
    order: SortOrder,
    after: Position | null,
    now: number,
  ): Generator<SimCall> {
    const candidates = filter.sids
      ? this.sidCalls(filter.sids, order)
      : this.slotCalls(window, order, after, now);
    for (const call of candidates) {
      if (after && (order === 'asc' ? compareCalls(call, after) <= 0 : compareCalls(call, after) >= 0))
        continue;
      if (this.accepts(call, window, filter, now)) yield call;
    }
  }

  /** The calls of `sids` that exist, in `order`. */
  private sidCalls(sids: ReadonlySet<string>, order: SortOrder): SimCall[] {
    const found: SimCall[] = [];
    for (const sid of sids) {
      const call = this.traffic.findCall(sid);
      if (call) found.push(call);
    }
    return found.sort(order === 'asc' ? compareCalls : (a, b) => compareCalls(b, a));
  }

  /** Every call of the slots `window` covers up to `now`, in `order`, from the slot of `after` on. */
  private *slotCalls(
    window: TimeWindow,
    order: SortOrder,
    after: Position | null,
    now: number,
  ): Generator<SimCall> {
    const lastMs = Math.min(window.toMs, now);
    if (lastMs < window.fromMs) return;
    const firstSlot = Math.floor(window.fromMs / SLOT_MS);
    const lastSlot = Math.floor(lastMs / SLOT_MS);
    if (order === 'asc') {
      const start = after ? Math.max(firstSlot, Math.floor(after.createdMs / SLOT_MS)) : firstSlot;
      for (let slot = start; slot <= lastSlot; slot++) yield* this.traffic.slotCalls(slot);
    } else {
      const start = after ? Math.min(lastSlot, Math.floor(after.createdMs / SLOT_MS)) : lastSlot;
      for (let slot = start; slot >= firstSlot; slot--) {
        const calls = this.traffic.slotCalls(slot);
        for (let i = calls.length - 1; i >= 0; i--) yield calls[i]!;
      }
    }
  }

  /** Up to `limit` calls of `walk`. */
  take(
    window: TimeWindow,
    filter: CallFilter,
    order: SortOrder,
    after: Position | null,
    limit: number,
    now: number,
  ): SimCall[] {
    const calls: SimCall[] = [];
    if (limit <= 0) return calls;
    for (const call of this.walk(window, filter, order, after, now)) {
      calls.push(call);
      if (calls.length >= limit) break;
    }
    return calls;
  }

  /** How many calls `walk` would yield without a cursor. */
  count(window: TimeWindow, filter: CallFilter, now: number): number {
    if (filter.sids) return this.take(window, filter, 'asc', null, filter.sids.size, now).length;
    const lastMs = Math.min(window.toMs, now);
    if (lastMs < window.fromMs) return 0;
    const key = filterKey(filter);
    const lastSlot = Math.floor(lastMs / SLOT_MS);
    let total = 0;
    for (let slot = Math.floor(window.fromMs / SLOT_MS); slot <= lastSlot; slot++) {
      const chunkEnd = slot + CHUNK_SLOTS - 1;
      if (
        slot % CHUNK_SLOTS === 0 &&
        chunkEnd <= lastSlot &&
        this.slotInside(slot, window) &&
        this.slotInside(chunkEnd, window) &&
        this.slotSettled(chunkEnd, now)
      ) {
        total += this.settledChunkCount(slot, key, filter, now);
        slot = chunkEnd;
      } else total += this.slotCount(slot, window, filter, now);
    }
    return total;
  }

  private settledChunkCount(firstSlot: number, key: string, filter: CallFilter, now: number): number {
    const cacheKey = firstSlot + '|' + key;
    let count = this.chunkCounts.get(cacheKey);
    if (count === undefined) {
      count = 0;
      const whole = { fromMs: firstSlot * SLOT_MS, toMs: (firstSlot + CHUNK_SLOTS) * SLOT_MS - 1 };
      for (let slot = firstSlot; slot < firstSlot + CHUNK_SLOTS; slot++)
        count += this.slotCount(slot, whole, filter, now);
      if (this.chunkCounts.size >= CHUNK_CACHE_LIMIT) this.chunkCounts.clear();
      this.chunkCounts.set(cacheKey, count);
    }
    return count;
  }

  private slotCount(slot: number, window: TimeWindow, filter: CallFilter, now: number): number {
    const unfiltered = !filter.statuses && !filter.directions && !filter.phoneNumbers;
    // Every call of an old enough slot has ended, so without filters the count needs no call generated.
    if (unfiltered && this.slotInside(slot, window) && (slot + 1) * SLOT_MS + MAX_CALL_MS <= now) {
      return this.traffic.callCount(slot);
    }
    let count = 0;
    for (const call of this.traffic.slotCalls(slot)) if (this.accepts(call, window, filter, now)) count++;
    return count;
  }

  private slotInside(slot: number, window: TimeWindow): boolean {
    const start = slot * SLOT_MS;
    return start >= window.fromMs && start + LAST_SECOND_OF_SLOT_MS <= window.toMs;
  }

  private slotSettled(slot: number, now: number): boolean {
    return (slot + 1) * SLOT_MS + MAX_CALL_MS + this.maxSettleMs <= now;
  }

  private accepts(call: SimCall, window: TimeWindow, filter: CallFilter, now: number): boolean {
    return (
      call.createdMs >= window.fromMs &&
      call.createdMs <= window.toMs &&
      isVisible(call, now) &&
      (!filter.directions || filter.directions.has(call.direction)) &&
      (!filter.phoneNumbers || filter.phoneNumbers.has(call.exophone.e164)) &&
      (!filter.statuses || filter.statuses.has(displayedStatus(call, now)))
    );
  }
}

function filterKey(filter: CallFilter): string {
  const part = (values: ReadonlySet<string> | undefined): string =>
    values ? [...values].sort().join(',') : '*';
  return `${part(filter.statuses)}/${part(filter.directions)}/${part(filter.phoneNumbers)}`;
}
