import { drain } from './drain';

/** A queue of `items` handed out `per` at a time, counting how many batches run at once. */
function queue(items: number, per: number, failAt?: number) {
  let left = items;
  let running = 0;
  let batches = 0;
  const seen = { maxRunning: 0, batches: 0 };
  const batch = async (): Promise<number> => {
    running++;
    seen.maxRunning = Math.max(seen.maxRunning, running);
    try {
      await new Promise((resolve) => setTimeout(resolve, 5));
      batches++;
      seen.batches = batches;
      if (batches === failAt) throw new Error('batch failed');
      const n = Math.min(per, left);
      left -= n;
      return n;
    } finally {
      running--;
    }
  };
  return { batch, seen, left: () => left };
}

describe('drain', () => {
  it('drains the whole queue on several loops at once and returns what the batches did', async () => {
    const q = queue(95, 10);
    await expect(drain(q.batch, 2)).resolves.toBe(95);
    expect(q.left()).toBe(0);
    expect(q.seen.maxRunning).toBe(2);
  });

  it('runs one loop when asked for one (or fewer)', async () => {
    const q = queue(30, 10);
    await expect(drain(q.batch, 0)).resolves.toBe(30);
    expect(q.seen.maxRunning).toBe(1);
    expect(q.seen.batches).toBe(4);
  });

  it('stops every loop after a failure and throws it', async () => {
    const q = queue(1000, 10, 3);
    await expect(drain(q.batch, 2)).rejects.toThrow('batch failed');
    // The failing batch was the third: the other loop finishes the batch it is in, then stops.
    expect(q.seen.batches).toBeLessThanOrEqual(4);
    expect(q.left()).toBeGreaterThan(950);
  });
});
