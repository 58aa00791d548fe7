/**
 * Exotel's per-account request limit (200/min by default): a sliding 60-second window over accepted
 * requests, measured in real (wall-clock) time because it limits how fast a client calls, whatever
 * the simulated date is. Rejected requests do not count.
 */
const WINDOW_MS = 60_000;

export type RateDecision = { accepted: true } | { accepted: false; retryAfterSeconds: number };

export class SlidingWindowRateLimiter {
  /** Accept times, oldest first; entries before `head` have left the window. */
  private accepted: number[] = [];
  private head = 0;

  constructor(
    private limitPerMinute: number,
    private readonly wallClock: () => number = Date.now,
  ) {}

  /** 0 or less disables the limit. */
  setLimit(limitPerMinute: number): void {
    this.limitPerMinute = limitPerMinute;
  }

  /** Whether the request may go ahead now; an accepted request is counted. */
  check(): RateDecision {
    const now = this.wallClock();
    if (this.limitPerMinute <= 0) return { accepted: true };
    this.forgetBefore(now - WINDOW_MS);
    if (this.accepted.length - this.head >= this.limitPerMinute) {
      // Retry once enough of the oldest accepted requests have left the window.
      const oldestInWindow = this.accepted[this.accepted.length - this.limitPerMinute]!;
      return {
        accepted: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldestInWindow + WINDOW_MS - now) / 1000)),
      };
    }
    this.accepted.push(now);
    return { accepted: true };
  }

  /** Requests accepted within the last minute. */
  inWindow(): number {
    this.forgetBefore(this.wallClock() - WINDOW_MS);
    return this.accepted.length - this.head;
  }

  private forgetBefore(cutoff: number): void {
    while (this.head < this.accepted.length && this.accepted[this.head]! <= cutoff) this.head++;
    if (this.head > 1024 && this.head * 2 > this.accepted.length) {
      this.accepted = this.accepted.slice(this.head);
      this.head = 0;
    }
  }
}
