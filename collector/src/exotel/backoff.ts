import type { ExotelError, ExotelFailureKind } from './errors';
import {
  ExotelAuthError,
  ExotelRequestError,
  ExotelRetriesExhaustedError,
  readRestException,
} from './errors';

/** How one attempt ended, as far as retrying is concerned. */
export type AttemptOutcome =
  | { kind: 'http'; status: number; retryAfter?: string | null; body?: unknown }
  | { kind: 'network'; code: string }
  | { kind: 'timeout' }
  | { kind: 'invalid-body'; detail: string };

export interface RetryPolicy {
  /** Total attempts, the first included. */
  maxAttempts: number;
  /** Backoff before the second attempt is drawn from [0, baseDelayMs]; it doubles per attempt. */
  baseDelayMs: number;
  /** Upper bound of a backoff draw. */
  maxDelayMs: number;
  /** The longest a single Retry-After is waited; a longer one is waited this long, then retried. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 5 * 60_000,
};

export type RetryDecision =
  | { retry: true; kind: ExotelFailureKind; delayMs: number }
  | { retry: false; kind: ExotelFailureKind; error: ExotelError };

/** Classifies an outcome that is not a success. */
export function failureKind(outcome: AttemptOutcome): ExotelFailureKind {
  switch (outcome.kind) {
    case 'http':
      if (outcome.status === 401 || outcome.status === 403) return 'auth';
      if (outcome.status === 429) return 'rate-limited';
      return outcome.status >= 500 ? 'server-error' : 'client-error';
    case 'network':
      return 'network';
    case 'timeout':
      return 'timeout';
    case 'invalid-body':
      return 'invalid-body';
  }
}

/** `Retry-After` as delta-seconds or an HTTP date → ms to wait; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

function backoffCeiling(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base × 2^(attempt−1))]. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  return Math.floor(random() * backoffCeiling(attempt, policy));
}

/**
 * The wait after the `throttles`-th 429 of one request: what Exotel asked for (at most
 * maxRetryAfterMs), and at least a delay that grows with every 429 in a row (equal jitter: between
 * half and all of the doubling ceiling, which stops at maxDelayMs), so sustained throttling is
 * waited out ever more patiently instead of hammered every second.
 */
export function throttledDelay(
  throttles: number,
  retryAfterMs: number | null,
  policy: RetryPolicy,
  random: () => number,
): number {
  const ceiling = backoffCeiling(throttles, policy);
  const growing = Math.floor(ceiling / 2 + (random() * ceiling) / 2);
  return Math.max(Math.min(retryAfterMs ?? 0, policy.maxRetryAfterMs), growing);
}

function describe(outcome: AttemptOutcome): string {
  switch (outcome.kind) {
    case 'http':
      return `HTTP ${outcome.status}`;
    case 'network':
      return `network error ${outcome.code}`;
    case 'timeout':
      return 'no response before the timeout';
    case 'invalid-body':
      return `truncated or invalid response body (${outcome.detail})`;
  }
}

/**
 * Whether to retry after attempt number `attempt` (1-based, counting this kind of outcome: 429s
 * and other failures are counted apart) ended with `outcome`, and after how long.
 * 401/403 and other 4xx are final. 429 is always retried (throttling only slows a sync down, see
 * throttledDelay and the limiter's pace); 5xx, timeouts, connection errors and bad bodies back off
 * until maxAttempts. When no retry is left, the decision carries the error to throw.
 */
export function decideRetry(
  outcome: AttemptOutcome,
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
  nowMs: number = Date.now(),
): RetryDecision {
  const kind = failureKind(outcome);
  const status = outcome.kind === 'http' ? outcome.status : undefined;
  const exception = outcome.kind === 'http' ? readRestException(outcome.body) : {};
  const exotelSays = exception.message ? `: ${exception.message}` : '';
  const details = { kind, status, code: exception.code ?? status, attempts: attempt };

  if (kind === 'auth') {
    return {
      retry: false,
      kind,
      error: new ExotelAuthError(
        `Exotel refused the credentials (HTTP ${status}${exotelSays}). Check EXOTEL_API_KEY, ` +
          'EXOTEL_API_TOKEN, the account sid and the subdomain (api.exotel.com or api.in.exotel.com).',
        details,
      ),
    };
  }
  if (kind === 'client-error') {
    return {
      retry: false,
      kind,
      error: new ExotelRequestError(`Exotel rejected the request (HTTP ${status}${exotelSays})`, details),
    };
  }

  if (outcome.kind === 'http' && kind === 'rate-limited') {
    const retryAfterMs = parseRetryAfter(outcome.retryAfter, nowMs);
    return { retry: true, kind, delayMs: throttledDelay(attempt, retryAfterMs, policy, random) };
  }
  if (attempt >= policy.maxAttempts) {
    return {
      retry: false,
      kind,
      error: new ExotelRetriesExhaustedError(
        `Exotel request failed: ${describe(outcome)}${exotelSays}; gave up after ${attempt} attempts`,
        details,
      ),
    };
  }
  return { retry: true, kind, delayMs: backoffDelay(attempt, policy, random) };
}
