import type { AttemptOutcome, RetryPolicy } from './backoff';
import { backoffDelay, decideRetry, parseRetryAfter, throttledDelay } from './backoff';
import { ExotelAuthError, ExotelRequestError, ExotelRetriesExhaustedError } from './errors';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 60_000 };
const half = () => 0.5;
const now = Date.parse('2026-11-24T10:00:00Z');

describe('decideRetry', () => {
  it.each<[string, AttemptOutcome, number, { retry: boolean; delayMs?: number; kind: string }]>([
    [
      '429 with Retry-After seconds',
      { kind: 'http', status: 429, retryAfter: '7' },
      1,
      { retry: true, delayMs: 7_000, kind: 'rate-limited' },
    ],
    [
      '429 with Retry-After date',
      { kind: 'http', status: 429, retryAfter: 'Tue, 24 Nov 2026 10:00:03 GMT' },
      1,
      { retry: true, delayMs: 3_000, kind: 'rate-limited' },
    ],
    [
      '429 without Retry-After',
      { kind: 'http', status: 429 },
      2,
      { retry: true, delayMs: 150, kind: 'rate-limited' },
    ],
    [
      '429 long after the attempts of other failures ran out',
      { kind: 'http', status: 429, retryAfter: '1' },
      50,
      { retry: true, delayMs: 1_000, kind: 'rate-limited' },
    ],
    [
      '500 first failure',
      { kind: 'http', status: 500 },
      1,
      { retry: true, delayMs: 50, kind: 'server-error' },
    ],
    [
      '503 third failure',
      { kind: 'http', status: 503 },
      3,
      { retry: true, delayMs: 200, kind: 'server-error' },
    ],
    ['ECONNRESET', { kind: 'network', code: 'ECONNRESET' }, 1, { retry: true, delayMs: 50, kind: 'network' }],
    [
      'ECONNREFUSED',
      { kind: 'network', code: 'ECONNREFUSED' },
      2,
      { retry: true, delayMs: 100, kind: 'network' },
    ],
    ['timeout', { kind: 'timeout' }, 1, { retry: true, delayMs: 50, kind: 'timeout' }],
    [
      'truncated body',
      { kind: 'invalid-body', detail: 'Unexpected end of JSON input' },
      1,
      { retry: true, delayMs: 50, kind: 'invalid-body' },
    ],
    ['500 at the last attempt', { kind: 'http', status: 500 }, 4, { retry: false, kind: 'server-error' }],
    ['401', { kind: 'http', status: 401 }, 1, { retry: false, kind: 'auth' }],
    ['403', { kind: 'http', status: 403 }, 1, { retry: false, kind: 'auth' }],
    ['400', { kind: 'http', status: 400 }, 1, { retry: false, kind: 'client-error' }],
    ['404', { kind: 'http', status: 404 }, 1, { retry: false, kind: 'client-error' }],
  ])('%s', (_name, outcome, attempt, expected) => {
    expect(decideRetry(outcome, attempt, policy, half, now)).toMatchObject(expected);
  });

  it('never retries 401/403 and tells the user which settings to check', () => {
    const decision = decideRetry(
      { kind: 'http', status: 401, body: '{"RestException":{"Message":"Authenticate"}}' },
      1,
      policy,
      half,
      now,
    );
    expect(decision.retry).toBe(false);
    if (decision.retry) return;
    expect(decision.error).toBeInstanceOf(ExotelAuthError);
    expect(decision.error.message).toMatch(/EXOTEL_API_KEY.*EXOTEL_API_TOKEN.*account sid.*subdomain/);
    expect(decision.error.message).toContain('Authenticate');
  });

  it.each([34001, 'INVALID_PARAM'])('carries RestException Message and Code %p on other 4xx', (code) => {
    const body = JSON.stringify({
      RestException: { Status: 400, Code: code, Message: 'Invalid DateCreated' },
    });
    const decision = decideRetry({ kind: 'http', status: 400, body }, 1, policy, half, now);
    if (decision.retry) throw new Error('expected no retry');
    expect(decision.error).toBeInstanceOf(ExotelRequestError);
    expect(decision.error).toMatchObject({
      code,
      status: 400,
      message: expect.stringContaining('Invalid DateCreated'),
    });
  });

  it('falls back to the HTTP status as the code of a non-JSON error body', () => {
    const decision = decideRetry({ kind: 'http', status: 404, body: '<html>' }, 1, policy, half, now);
    expect(decision).toMatchObject({ retry: false, error: { code: 404 } });
  });

  it('gives up with ExotelRetriesExhaustedError when the attempts of a failure other than 429 run out', () => {
    const exhausted = decideRetry({ kind: 'timeout' }, 4, policy, half, now);
    expect(exhausted).toMatchObject({
      retry: false,
      error: expect.any(ExotelRetriesExhaustedError),
    });
    expect(decideRetry({ kind: 'http', status: 502 }, 4, policy, half, now)).toMatchObject({ retry: false });
  });

  it('never gives up on 429: a very long Retry-After is waited for at most maxRetryAfterMs, then retried', () => {
    for (const attempt of [1, 6, 1_000]) {
      expect(
        decideRetry({ kind: 'http', status: 429, retryAfter: '3600' }, attempt, policy, half, now),
      ).toEqual({ retry: true, kind: 'rate-limited', delayMs: 60_000 });
    }
  });
});

describe('backoffDelay', () => {
  it('draws uniformly below a doubling ceiling that stops at maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 10].map((attempt) => backoffDelay(attempt, policy, () => 0.999))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });
});

describe('throttledDelay', () => {
  it('waits at least Retry-After, and longer with every 429 in a row, up to maxDelayMs', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 20].map((n) => throttledDelay(n, 100, policy, () => 0));
    expect(delays).toEqual([100, 100, 200, 400, 500, 500, 500, 500]);
    expect([1, 4, 20].map((n) => throttledDelay(n, null, policy, () => 0.999))).toEqual([99, 799, 999]);
    expect(throttledDelay(2, 7_000, policy, () => 0.999)).toBe(7_000);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['2', 2_000],
    ['0', 0],
    ['1.5', 1_500],
    ['Tue, 24 Nov 2026 09:59:00 GMT', 0],
    ['soon', null],
    [null, null],
  ])('%p → %p ms', (value, expected) => expect(parseRetryAfter(value, now)).toBe(expected));
});
