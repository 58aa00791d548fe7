import { LimiterClosedError, RateLimiter, RateLimiterRegistry } from './limiter';

/** Largest number of grants inside any 60 s window ending at a grant, as a sliding-window server counts. */
function maxPerSlidingMinute(times: number[]): number {
  let worst = 0;
  let start = 0;
  times.forEach((time, end) => {
    while ((times[start] as number) <= time - 60_000) start += 1;
    worst = Math.max(worst, end - start + 1);
  });
  return worst;
}

async function runGreedy(limiter: RateLimiter, durationMs: number): Promise<number[]> {
  const times: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      await limiter.acquire();
      times.push(Date.now());
    }
  })();
  await jest.advanceTimersByTimeAsync(durationMs);
  running = false;
  limiter.close();
  await loop.catch((error: unknown) => expect(error).toBeInstanceOf(LimiterClosedError));
  return times;
}

describe('RateLimiter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it.each([600, 200])('keeps every sliding minute under %p and still uses >= 97 %% of it', async (limit) => {
    const limiter = new RateLimiter({ requestsPerMinute: limit, now: () => Date.now() });
    const times = await runGreedy(limiter, 5 * 60_000);
    expect(maxPerSlidingMinute(times)).toBeLessThanOrEqual(limit);
    const lastMinute = times.filter((t) => t > (times.at(-1) as number) - 60_000).length;
    expect(lastMinute).toBeGreaterThanOrEqual(limit * 0.97);
    expect(times.length).toBeGreaterThanOrEqual(5 * limit * 0.97);
  });

  it('spaces requests evenly instead of bursting', async () => {
    const limiter = new RateLimiter({ requestsPerMinute: 600, safetyMargin: 0, now: () => Date.now() });
    const times = await runGreedy(limiter, 1_000);
    expect(times.slice(1).map((t, i) => t - (times[i] as number))).toEqual(Array(times.length - 1).fill(100));
  });

  it('never lets late timers squeeze more than the ceiling into a minute', async () => {
    // Every seventh grant's timer fires 900 ms late (a blocked event loop). The plan does not slip, so the
    // next grant follows quickly, and only the sliding-window check keeps a minute within the ceiling.
    let lateness = 0;
    const now = () => Date.now() + lateness;
    const limiter = new RateLimiter({ requestsPerMinute: 60, safetyMargin: 0, now });
    const times: number[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        const granted = limiter.acquire();
        if (times.length % 7 === 6) lateness += 900;
        await granted;
        times.push(now());
      }
    })();
    await jest.advanceTimersByTimeAsync(5 * 60_000);
    running = false;
    limiter.close();
    await loop.catch(() => undefined);
    expect(times.length).toBeGreaterThan(250);
    expect(maxPerSlidingMinute(times)).toBeLessThanOrEqual(60);
  });

  it('rejects a waiter on abort and lets the next one through', async () => {
    const limiter = new RateLimiter({ requestsPerMinute: 60, now: () => Date.now() });
    await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const next = limiter.acquire();
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    await jest.advanceTimersByTimeAsync(1_100);
    await expect(next).resolves.toBeUndefined();
    limiter.close();
  });

  it('close() rejects waiters and leaves no timer behind', async () => {
    const limiter = new RateLimiter({ requestsPerMinute: 1, now: () => Date.now() });
    await limiter.acquire();
    const waiting = limiter.acquire();
    expect(jest.getTimerCount()).toBe(1);
    limiter.close();
    await expect(waiting).rejects.toBeInstanceOf(LimiterClosedError);
    expect(jest.getTimerCount()).toBe(0);
    await expect(limiter.acquire()).rejects.toBeInstanceOf(LimiterClosedError);
  });
});

describe('RateLimiterRegistry', () => {
  it('shares one limiter per account', () => {
    const registry = new RateLimiterRegistry();
    const first = registry.forAccount('acc1', { requestsPerMinute: 100 });
    expect(registry.forAccount('acc1')).toBe(first);
    expect(registry.forAccount('acc2')).not.toBe(first);
    expect(first.requestsPerMinute).toBe(100);
    registry.closeAll();
    return expect(first.acquire()).rejects.toBeInstanceOf(LimiterClosedError);
  });
});
