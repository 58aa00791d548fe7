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
  /** A Retry-After longer than this is not waited out: the request fails instead. */
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

/** Exponential backoff with full jitter: uniform in [0, min(max, base × 2^(attempt−1))]. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
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
 * Whether to retry after attempt number `attempt` (1-based) ended with `outcome`, and after how long.
 * 401/403 and other 4xx are final; 429 waits Retry-After when given, else backs off like 5xx, timeouts,
 * connection errors and bad bodies. When no retry is left, the decision carries the error to throw.
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

  const giveUp = (why: string): RetryDecision => ({
    retry: false,
    kind,
    error: new ExotelRetriesExhaustedError(
      `Exotel request failed: ${describe(outcome)}${exotelSays}; ${why}`,
      details,
    ),
  });
  if (attempt >= policy.maxAttempts) return giveUp(`gave up after ${attempt} attempts`);

  if (outcome.kind === 'http' && kind === 'rate-limited') {
    const retryAfterMs = parseRetryAfter(outcome.retryAfter, nowMs);
    if (retryAfterMs !== null) {
      if (retryAfterMs > policy.maxRetryAfterMs) {
        return giveUp(`Exotel asked to wait ${Math.round(retryAfterMs / 1000)} s, longer than allowed`);
      }
      return { retry: true, kind, delayMs: retryAfterMs };
    }
  }
  return { retry: true, kind, delayMs: backoffDelay(attempt, policy, random) };
}
