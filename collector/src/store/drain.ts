/**
 * Work queues drained in batches (dirty rollup slots, marked callback slots): each batch claims its
 * rows with `FOR UPDATE SKIP LOCKED` in its own transaction, so batches on several connections never
 * take the same rows.
 *
 * A batch is one statement-heavy transaction that keeps one server core busy; a backlog (a backfill,
 * a time zone change) drains on `workers` connections at once, and at steady state (one small batch a
 * minute) the other workers find nothing and stop at once.
 */
export const DRAIN_WORKERS = 2;

/**
 * Runs `batch` on `workers` concurrent loops until each loop's batch returns 0 (nothing claimable);
 * returns the sum of what the batches returned. The first failure stops every loop after its current
 * batch and is thrown.
 */
export async function drain(batch: () => Promise<number>, workers: number = DRAIN_WORKERS): Promise<number> {
  let failed = false;
  const loop = async (): Promise<number> => {
    let done = 0;
    while (!failed) {
      let n: number;
      try {
        n = await batch();
      } catch (error) {
        failed = true;
        throw error;
      }
      if (n === 0) break;
      done += n;
    }
    return done;
  };
  const results = await Promise.allSettled(Array.from({ length: Math.max(1, workers) }, loop));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results.reduce((sum, r) => sum + (r as PromiseFulfilledResult<number>).value, 0);
}
