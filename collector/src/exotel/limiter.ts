/** The limiter was closed while a request waited for its turn. */
export class LimiterClosedError extends Error {
  override name = 'LimiterClosedError';
}

export interface RateLimiterOptions {
  /** Exotel's ceiling for the account (exotel-api.md §1.8: 200/min for Voice APIs). */
  requestsPerMinute?: number;
  /** Fraction of the ceiling left unused, so network jitter cannot push a window over it. Default 0.015. */
  safetyMargin?: number;
  /** Monotonic clock in ms; injectable for tests. */
  now?: () => number;
}

export const DEFAULT_REQUESTS_PER_MINUTE = 200;
const WINDOW_MS = 60_000;
/** Slack on the hard sliding-window check for requests that reach Exotel later than they were sent. */
const WINDOW_GUARD_MS = 250;

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * Grants request slots so that no sliding 60 s window holds more than the ceiling (Exotel answers 429
 * above it). Slots are spaced evenly at 60 s / (ceiling × (1 − margin)), which keeps a long run at
 * ~98 % of the ceiling without bursts; a log of the last `ceiling` grants is checked as well, so a
 * stalled event loop followed by late timers can never squeeze extra requests into one window.
 * A timer exists only while someone waits, and close() rejects waiters and clears it.
 */
export class RateLimiter {
  readonly requestsPerMinute: number;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly grants: number[] = [];
  private nextSlot = -Infinity;
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: RateLimiterOptions = {}) {
    const requestsPerMinute = options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
    const safetyMargin = options.safetyMargin ?? 0.015;
    if (!(requestsPerMinute > 0) || !Number.isFinite(requestsPerMinute)) {
      throw new RangeError(`requestsPerMinute must be a positive number, got ${requestsPerMinute}`);
    }
    if (!(safetyMargin >= 0 && safetyMargin < 1)) {
      throw new RangeError(`safetyMargin must be in [0, 1), got ${safetyMargin}`);
    }
    this.requestsPerMinute = requestsPerMinute;
    this.intervalMs = WINDOW_MS / (requestsPerMinute * (1 - safetyMargin));
    this.now = options.now ?? (() => performance.now());
  }

  /** Resolves when a request may be sent. Rejects with the signal's reason on abort, LimiterClosedError on close. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(new LimiterClosedError('The Exotel rate limiter is closed'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.remove(waiter);
          reject(signal?.reason);
          this.schedule();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.queue.push(waiter);
      this.schedule();
    });
  }

  /** Rejects every waiter and stops the timer; later acquire() calls fail. */
  close(): void {
    this.closed = true;
    this.clearTimer();
    for (const waiter of this.queue.splice(0)) {
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.reject(new LimiterClosedError('The Exotel rate limiter was closed'));
    }
  }

  private earliestGrant(): number {
    const oldestInWindow = this.grants.length >= this.requestsPerMinute ? this.grants[0] : undefined;
    const windowFree =
      oldestInWindow === undefined ? -Infinity : oldestInWindow + WINDOW_MS + WINDOW_GUARD_MS;
    return Math.max(this.nextSlot, windowFree);
  }

  private schedule(): void {
    this.clearTimer();
    while (this.queue.length > 0) {
      const now = this.now();
      const at = this.earliestGrant();
      if (at > now) {
        this.timer = setTimeout(
          () => {
            this.timer = undefined;
            this.schedule();
          },
          Math.ceil(at - now),
        );
        return;
      }
      const waiter = this.queue.shift() as Waiter;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      // Spacing follows the planned slot, not the (possibly late) timer, so lateness does not accumulate;
      // after an idle spell the plan restarts from now (no catch-up burst).
      const planned = now - this.nextSlot < this.intervalMs ? this.nextSlot : now;
      this.nextSlot = planned + this.intervalMs;
      this.grants.push(now);
      if (this.grants.length > this.requestsPerMinute) this.grants.shift();
      waiter.resolve();
    }
  }

  private remove(waiter: Waiter): void {
    const index = this.queue.indexOf(waiter);
    if (index >= 0) this.queue.splice(index, 1);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/**
 * One limiter per Exotel account for the whole process (limits apply per account, not per key), so
 * sync, backfill and the ExoPhone refresh share the budget.
 */
export class RateLimiterRegistry {
  private readonly limiters = new Map<string, RateLimiter>();

  /** The account's limiter, created with `options` on first use; later options are ignored. */
  forAccount(accountSid: string, options: RateLimiterOptions = {}): RateLimiter {
    let limiter = this.limiters.get(accountSid);
    if (!limiter) {
      limiter = new RateLimiter(options);
      this.limiters.set(accountSid, limiter);
    }
    return limiter;
  }

  /** Closes and forgets every limiter (process shutdown, test teardown). */
  closeAll(): void {
    for (const limiter of this.limiters.values()) limiter.close();
    this.limiters.clear();
  }
}

/** The process-wide registry ExotelClient uses unless given a limiter. */
export const accountLimiters = new RateLimiterRegistry();
