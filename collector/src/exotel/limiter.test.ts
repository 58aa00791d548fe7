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

  /**
   * A greedy client against a sliding-minute server whose limit can change: a request over the limit
   * is answered 429 (reported to the limiter) and retried after a Retry-After of 1 s, as the client does.
   */
  async function againstServer(limiter: RateLimiter, limit: { perMinute: number }) {
    const accepted: number[] = [];
    let throttles = 0;
    let running = true;
    const loop = (async () => {
      while (running) {
        await limiter.acquire();
        const now = Date.now();
        if (accepted.filter((t) => t > now - 60_000).length < limit.perMinute) {
          accepted.push(now);
        } else {
          throttles += 1;
          limiter.throttled();
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
      }
    })();
    return {
      accepted,
      throttles: () => throttles,
      advance: (ms: number) => jest.advanceTimersByTimeAsync(ms),
      async stop() {
        running = false;
        limiter.close();
        await loop.catch((error: unknown) => expect(error).toBeInstanceOf(LimiterClosedError));
      },
    };
  }

  it('settles below a real limit lower than the budget, and still uses most of it (AIMD)', async () => {
    const limiter = new RateLimiter({ requestsPerMinute: 600, now: () => Date.now() });
    const server = await againstServer(limiter, { perMinute: 360 });
    await server.advance(2 * 60_000);
    const throttlesAfterTwoMinutes = server.throttles();
    expect(throttlesAfterTwoMinutes).toBeGreaterThan(0);
    expect(limiter.effectiveRequestsPerMinute).toBeLessThan(360);
    await server.advance(5 * 60_000);
    await server.stop();
    // Converged: below the limit, few 429s once settled, and at least 85 % of the limit used.
    expect(limiter.effectiveRequestsPerMinute).toBeLessThan(360);
    expect(limiter.effectiveRequestsPerMinute).toBeGreaterThan(360 * 0.85);
    expect(server.throttles() - throttlesAfterTwoMinutes).toBeLessThanOrEqual(5);
    const end = server.accepted.at(-1) as number;
    const lastFiveMinutes = server.accepted.filter((t) => t > end - 5 * 60_000).length;
    expect(lastFiveMinutes / 5).toBeGreaterThan(360 * 0.85);
  });

  it('takes at most half the pace off per minute of 429s, and never goes below 5 % of the budget', () => {
    let now = 0;
    const limiter = new RateLimiter({ requestsPerMinute: 200, now: () => now });
    const paceAfterEachSecond = () => {
      const paces: number[] = [];
      for (let second = 0; second < 60; second++) {
        limiter.throttled();
        paces.push(limiter.effectiveRequestsPerMinute);
        now += 1_000;
      }
      return new Set(paces);
    };
    // Nothing accepted in the last minute (measured share 0), yet one minute of 429s only halves it.
    expect(paceAfterEachSecond()).toEqual(new Set([100]));
    expect(paceAfterEachSecond()).toEqual(new Set([50]));
    expect(paceAfterEachSecond()).toEqual(new Set([25]));
    expect(paceAfterEachSecond()).toEqual(new Set([12.5]));
    expect(paceAfterEachSecond()).toEqual(new Set([10]));
    expect(paceAfterEachSecond()).toEqual(new Set([10]));
    limiter.close();
  });

  it('recovers slowly when the limit goes back up: to the budget once the measured share is stale', async () => {
    const limit = { perMinute: 330 };
    const limiter = new RateLimiter({ requestsPerMinute: 600, now: () => Date.now() });
    const server = await againstServer(limiter, limit);
    await server.advance(3 * 60_000);
    const lowered = limiter.effectiveRequestsPerMinute;
    expect(lowered).toBeLessThan(330);
    limit.perMinute = 600;
    await server.advance(2 * 60_000);
    // Additive steps, and no higher than just under the share last measured while it is recent.
    expect(limiter.effectiveRequestsPerMinute).toBeLessThanOrEqual(330 * 0.95);
    await server.advance(12 * 60_000);
    expect(limiter.effectiveRequestsPerMinute).toBe(600);
    await server.stop();
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
  it('reports the current pace of every account', () => {
    const registry = new RateLimiterRegistry();
    registry.forAccount('acc1', { requestsPerMinute: 100 }).throttled();
    registry.forAccount('acc2', { requestsPerMinute: 200 });
    expect(registry.effectiveRates()).toEqual(
      new Map([
        ['acc1', 50],
        ['acc2', 200],
      ]),
    );
    registry.closeAll();
  });

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
