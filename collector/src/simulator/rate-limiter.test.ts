import { SlidingWindowRateLimiter } from './rate-limiter';

describe('sliding window rate limiter', () => {
  it('accepts up to the limit per 60 s and tells when to retry', () => {
    let wall = 1_000_000;
    const limiter = new SlidingWindowRateLimiter(3, () => wall);
    expect(limiter.check()).toEqual({ accepted: true });
    wall += 10_000;
    expect(limiter.check().accepted).toBe(true);
    expect(limiter.check().accepted).toBe(true);
    wall += 5_000;
    expect(limiter.check()).toEqual({ accepted: false, retryAfterSeconds: 45 });
    expect(limiter.inWindow()).toBe(3);
    wall = 1_060_000; // the first request leaves the window
    expect(limiter.check().accepted).toBe(true);
    expect(limiter.check()).toEqual({ accepted: false, retryAfterSeconds: 10 });
  });

  it('does not count rejected requests', () => {
    let wall = 0;
    const limiter = new SlidingWindowRateLimiter(2, () => wall);
    limiter.check();
    limiter.check();
    for (let i = 0; i < 50; i++) expect(limiter.check().accepted).toBe(false);
    wall = 60_001;
    expect(limiter.check().accepted).toBe(true);
    expect(limiter.check().accepted).toBe(true);
    expect(limiter.check().accepted).toBe(false);
  });

  it('can be disabled and changed at runtime', () => {
    const limiter = new SlidingWindowRateLimiter(0, () => 0);
    for (let i = 0; i < 1000; i++) expect(limiter.check().accepted).toBe(true);
    limiter.setLimit(1);
    expect(limiter.check().accepted).toBe(true);
    expect(limiter.check().accepted).toBe(false);
  });
});
