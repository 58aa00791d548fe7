/**
 * Runs tasks with at most `limit` of them in flight, each started as soon as a slot frees up, in order;
 * answers keep the tasks' order. What a browser tab does with one dashboard's requests to one host.
 */
export async function runInFlight<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`in-flight limit must be a positive integer (got ${limit})`);
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
