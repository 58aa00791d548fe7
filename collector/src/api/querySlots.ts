/**
 * At most `limit` pieces of query work at a time; the rest wait their turn, first come first served.
 * The query API may queue (a wall of dashboards waits a little longer), webhooks may not: bounding
 * the query work the collector does at once keeps its pooled connections and its event loop from
 * being taken by dashboards while Exotel's Passthru waits for an answer.
 */
export interface QuerySlots {
  /** Resolves with the function that gives the slot back (call it exactly once). */
  acquire(): Promise<() => void>;
  /** Work holding a slot, work waiting for one. */
  counts(): { active: number; waiting: number };
}

export function createQuerySlots(limit: number): QuerySlots {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`query concurrency must be a positive integer, got ${limit}`);
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  const slot = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };
  return {
    acquire() {
      if (active < limit) {
        active++;
        return Promise.resolve(slot());
      }
      // The slot passes straight from the releasing work to the next waiter: `active` stays the same.
      return new Promise((resolve) => waiting.push(() => resolve(slot())));
    },
    counts: () => ({ active, waiting: waiting.length }),
  };
}
