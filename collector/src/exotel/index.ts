export { ExotelClient, ExotelClientClosedError } from './client';
export type {
  CallPagesOptions,
  CallsPage,
  ExotelClientOptions,
  ExotelEndpoint,
  ExotelRequestEvent,
} from './client';
export { buildExotelBaseUrl, exotelBaseUrlFromEnv, EXOTEL_SUBDOMAINS } from './baseUrl';
export type { ExotelSubdomain } from './baseUrl';
export { decideRetry, DEFAULT_RETRY_POLICY, parseRetryAfter } from './backoff';
export type { AttemptOutcome, RetryDecision, RetryPolicy } from './backoff';
export { PageGuard, PageLimitError, resolvePageUri } from './cursor';
export type { ExotelExoPhone } from './envelope';
export {
  ExotelAuthError,
  ExotelError,
  ExotelInvalidBodyError,
  ExotelRequestError,
  ExotelRetriesExhaustedError,
} from './errors';
export type { ExotelFailureKind } from './errors';
export {
  accountLimiters,
  DEFAULT_REQUESTS_PER_MINUTE,
  LimiterClosedError,
  RateLimiter,
  RateLimiterRegistry,
} from './limiter';
export type { RateLimiterOptions } from './limiter';
export { dateCreatedFilter, earliestWindowStart, splitWindows, WindowRangeError } from './windows';
export type { TimeWindow, WindowOptions } from './windows';
export type * from './types';
