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

/**
 * Adapting the pace to 429s (AIMD). Exotel counts a sliding minute, so when it throttles, the
 * requests it accepted from us in the last minute are our share of the account's limit (other
 * integrations may use the rest): the pace drops to a fraction of that (multiplicative decrease; a
 * burst of 429s measuring the same minute lowers it once). A share measured over less than a full
 * minute (just started, or a stray 429) may be far too low, so one minute of 429s at most halves
 * the pace. Each quiet step adds a little back (additive increase), but stays under the share last
 * measured until it is old enough to be stale.
 */
const PACE_AFTER_THROTTLE = 0.9;
/** The most one minute of 429s can take off the pace. */
const MAX_DECREASE_PER_MINUTE = 0.5;
/** The pace never drops below this fraction of the budget (429s are then waited out). */
const MIN_PACE_FRACTION = 0.05;
/** Every quiet step (no 429) adds this fraction of the budget back... */
const RECOVERY_FRACTION = 0.05;
const RECOVERY_STEP_MS = 30_000;
/** ...up to this fraction of the share measured at the last 429, until that is this old. */
const PROBE_BELOW_SHARE = 0.95;
const SHARE_MEMORY_MS = 10 * WINDOW_MS;

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
  /** The configured budget: the pace never exceeds it. */
  readonly requestsPerMinute: number;
  private readonly safetyMargin: number;
  private intervalMs: number;
  private pace: number;
  private readonly now: () => number;
  private readonly grants: number[] = [];
  /** Grant and 429 times of the last minute, to measure the share Exotel accepted. */
  private readonly recentGrants: number[] = [];
  private readonly recentThrottles: number[] = [];
  private lastPaceChange = -Infinity;
  private measuredShare: { perMinute: number; at: number } | null = null;
  /** The current minute of 429s: when it began, and the pace before it. */
  private throttleSpell: { startedAt: number; paceBefore: number } | null = null;
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
    this.safetyMargin = safetyMargin;
    this.pace = requestsPerMinute;
    this.intervalMs = this.intervalFor(requestsPerMinute);
    this.now = options.now ?? (() => performance.now());
  }

  /** Requests per minute currently granted: the budget, or less after Exotel answered 429. */
  get effectiveRequestsPerMinute(): number {
    return this.pace;
  }

  /** Exotel answered 429 to a request this limiter granted: lower the pace to the share it accepts. */
  throttled(): void {
    const now = this.now();
    this.recentThrottles.push(now);
    this.forgetBefore(now - WINDOW_MS);
    const share = Math.max(0, this.recentGrants.length - this.recentThrottles.length);
    this.measuredShare = { perMinute: share, at: now };
    if (!this.throttleSpell || now - this.throttleSpell.startedAt >= WINDOW_MS) {
      this.throttleSpell = { startedAt: now, paceBefore: this.pace };
    }
    const lowered = Math.max(
      this.requestsPerMinute * MIN_PACE_FRACTION,
      this.throttleSpell.paceBefore * MAX_DECREASE_PER_MINUTE,
      share * PACE_AFTER_THROTTLE,
    );
    if (lowered < this.pace) this.setPace(lowered, now);
    else this.lastPaceChange = now;
  }

  private intervalFor(perMinute: number): number {
    return WINDOW_MS / (perMinute * (1 - this.safetyMargin));
  }

  private setPace(perMinute: number, now: number): void {
    this.pace = perMinute;
    this.intervalMs = this.intervalFor(perMinute);
    this.lastPaceChange = now;
  }

  /** Additive increase: one step per quiet RECOVERY_STEP_MS, below a recently measured share. */
  private recover(now: number): void {
    if (this.pace >= this.requestsPerMinute || now - this.lastPaceChange < RECOVERY_STEP_MS) return;
    const share = this.measuredShare;
    const ceiling =
      share && now - share.at < SHARE_MEMORY_MS
        ? Math.max(this.pace, share.perMinute * PROBE_BELOW_SHARE)
        : this.requestsPerMinute;
    this.setPace(
      Math.min(ceiling, this.requestsPerMinute, this.pace + this.requestsPerMinute * RECOVERY_FRACTION),
      now,
    );
  }

  private forgetBefore(cutoff: number): void {
    while (this.recentGrants.length > 0 && (this.recentGrants[0] as number) <= cutoff)
      this.recentGrants.shift();
    while (this.recentThrottles.length > 0 && (this.recentThrottles[0] as number) <= cutoff)
      this.recentThrottles.shift();
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
      this.recover(now);
      // Spacing follows the planned slot, not the (possibly late) timer, so lateness does not accumulate;
      // after an idle spell the plan restarts from now (no catch-up burst).
      const planned = now - this.nextSlot < this.intervalMs ? this.nextSlot : now;
      this.nextSlot = planned + this.intervalMs;
      this.grants.push(now);
      if (this.grants.length > this.requestsPerMinute) this.grants.shift();
      this.recentGrants.push(now);
      this.forgetBefore(now - WINDOW_MS);
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

  /** The pace of every account's limiter, for /metrics. */
  effectiveRates(): Map<string, number> {
    return new Map(
      [...this.limiters].map(([account, limiter]) => [account, limiter.effectiveRequestsPerMinute]),
    );
  }

  /** Closes and forgets every limiter (process shutdown, test teardown). */
  closeAll(): void {
    for (const limiter of this.limiters.values()) limiter.close();
    this.limiters.clear();
  }
}

/** The process-wide registry ExotelClient uses unless given a limiter. */
export const accountLimiters = new RateLimiterRegistry();
