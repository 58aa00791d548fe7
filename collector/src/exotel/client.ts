import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import axios, { isAxiosError } from 'axios';
import type { AxiosInstance } from 'axios';
import { log } from '../log';
import { DEFAULT_TIME_ZONE } from '../exotel/time';
import type { AttemptOutcome, RetryPolicy } from './backoff';
import { decideRetry, DEFAULT_RETRY_POLICY, failureKind } from './backoff';
import { DEFAULT_MAX_PAGES, PageGuard, resolvePageUri, withQueryParameter } from './cursor';
import type { ExotelExoPhone, ExotelExoPhoneDetails } from './envelope';
import { parseCallsPage, parseExoPhoneDetails, parseExoPhonesPage, parseJsonBody } from './envelope';
import type { ExotelFailureKind } from './errors';
import { ExotelInvalidBodyError } from './errors';
import type { RateLimiter } from './limiter';
import { accountLimiters } from './limiter';
import type { ExotelCall } from './types';
import type { TimeWindow } from './windows';
import { dateCreatedFilter } from './windows';

export type ExotelEndpoint = 'calls' | 'exophones' | 'exophone-details';

/** One HTTP attempt, for metrics: requests by endpoint, 429s, errors by kind, latency. */
export interface ExotelRequestEvent {
  endpoint: ExotelEndpoint;
  /** 1-based attempt number of this request. */
  attempt: number;
  outcome: 'ok' | ExotelFailureKind;
  status?: number;
  durationMs: number;
  /** Set when the attempt failed and will be retried after this many ms. */
  retryInMs?: number;
}

export interface ExotelClientOptions {
  /** From buildExotelBaseUrl / exotelBaseUrlFromEnv, e.g. `https://api.in.exotel.com`. */
  baseUrl: string;
  accountSid: string;
  apiKey: string;
  apiToken: string;
  /** Zone of Exotel's offset-less times, used to write the DateCreated filter. Default Asia/Kolkata. */
  timeZone?: string;
  /** Ceiling for the account's shared limiter, applied when this client creates it. Default 200. */
  requestsPerMinute?: number;
  /** A limiter to use instead of the process-wide one for this account. */
  limiter?: RateLimiter;
  /** Per attempt. Default 30 000. */
  timeoutMs?: number;
  /** Attempts per request against failures other than 429 (never given up on), the first included. Default 6. */
  maxAttempts?: number;
  /** Backoff tuning; defaults in DEFAULT_RETRY_POLICY. */
  retry?: Partial<Omit<RetryPolicy, 'maxAttempts'>>;
  /** Jitter source, injectable for tests. Default Math.random. */
  random?: () => number;
  /** Pages followed per window before PageLimitError. Default 50 000. */
  maxPages?: number;
  onRequest?: (event: ExotelRequestEvent) => void;
}

export interface CallPagesOptions {
  /** A nextCursor from an earlier page: resume there instead of at the window's first page. */
  startCursor?: string | null;
  /** 1–100 (Exotel's maximum). Default 100. */
  pageSize?: number;
  /**
   * Ask every page for the `Details` block (legs, ConversationDuration): documented for the single-call
   * API, unconfirmed on bulk, and Exotel's NextPageUri need not repeat it. Default false.
   */
  details?: boolean;
  signal?: AbortSignal;
}

export interface CallsPage {
  calls: ExotelCall[];
  /** The absolute URL of the next page to checkpoint, or null when the window is done. */
  nextCursor: string | null;
  /** Metadata.Total when Exotel sent it. */
  total?: number;
}

/** ExotelClient.close() was called while a request was waiting or in flight. */
export class ExotelClientClosedError extends Error {
  override name = 'ExotelClientClosedError';
}

const logger = log.child({ module: 'exotel' });

/**
 * Exotel's Bulk Call Details and ExoPhone list APIs over HTTP Basic auth. Every attempt, retries
 * included, takes a slot from the account's rate limiter; 429/5xx/network/timeouts/bad bodies are
 * retried with backoff (see backoff.ts). close() stops waiting requests and frees sockets; the shared
 * limiter stays open for other clients of the account (accountLimiters.closeAll() at shutdown).
 */
export class ExotelClient {
  private readonly http: AxiosInstance;
  private readonly baseUrl: string;
  private readonly accountPath: string;
  private readonly accountSid: string;
  private readonly timeZone: string;
  private readonly limiter: RateLimiter;
  private readonly policy: RetryPolicy;
  private readonly random: () => number;
  private readonly maxPages: number;
  private readonly onRequest: ((event: ExotelRequestEvent) => void) | undefined;
  private readonly closing = new AbortController();
  private readonly agents = {
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({ keepAlive: true }),
  };

  constructor(options: ExotelClientOptions) {
    for (const field of ['baseUrl', 'accountSid', 'apiKey', 'apiToken'] as const) {
      if (!options[field]) throw new Error(`ExotelClient needs ${field}`);
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.accountPath = `/Accounts/${encodeURIComponent(options.accountSid)}`;
    this.accountSid = options.accountSid;
    this.timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
    this.limiter =
      options.limiter ??
      accountLimiters.forAccount(
        options.accountSid,
        options.requestsPerMinute === undefined ? {} : { requestsPerMinute: options.requestsPerMinute },
      );
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry, maxAttempts: options.maxAttempts ?? 6 };
    this.random = options.random ?? Math.random;
    this.maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    this.onRequest = options.onRequest;
    this.http = axios.create({
      auth: { username: options.apiKey, password: options.apiToken },
      timeout: options.timeoutMs ?? 30_000,
      headers: { Accept: 'application/json' },
      // The body is parsed here, so a truncated one is told apart from a valid one.
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
      transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
      httpAgent: this.agents.http,
      httpsAgent: this.agents.https,
    });
  }

  /**
   * Pages of calls created in `window`, oldest first. Stops after an empty page, a page without a next
   * cursor, or a cursor already fetched; the last page yielded has nextCursor null.
   */
  async *callPages(
    window: TimeWindow,
    options: CallPagesOptions = {},
  ): AsyncGenerator<CallsPage, void, void> {
    const pageSize = options.pageSize ?? 100;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
      throw new RangeError(
        `pageSize must be a whole number from 1 to 100 (Exotel's maximum), got ${pageSize}`,
      );
    }
    const query = new URLSearchParams({
      DateCreated: dateCreatedFilter(window, this.timeZone),
      PageSize: String(pageSize),
      SortBy: 'DateCreated:asc',
    });
    const asked = (pageUrl: string) =>
      options.details ? withQueryParameter(pageUrl, 'details', 'true') : pageUrl;
    const firstUrl = asked(`${this.baseUrl}/v1${this.accountPath}/Calls.json?${query.toString()}`);
    const resumeAt = resolvePageUri(options.startCursor, this.baseUrl, firstUrl);
    let url = resumeAt === null ? firstUrl : asked(resumeAt);
    const guard = new PageGuard(this.maxPages);
    for (;;) {
      guard.visit(url);
      const page = await this.get('calls', url, parseCallsPage, options.signal);
      const next = resolvePageUri(page.Metadata.NextPageUri, this.baseUrl, url);
      const step = guard.step(page.Calls.length, next === null ? null : asked(next));
      if ('stop' in step && step.stop === 'repeated-cursor') {
        logger.warn(
          { url },
          'Exotel returned a next-page cursor already fetched; treating the window as done',
        );
      }
      const nextCursor = 'next' in step ? step.next : null;
      yield page.Metadata.Total === undefined
        ? { calls: page.Calls, nextCursor }
        : { calls: page.Calls, nextCursor, total: page.Metadata.Total };
      if (nextCursor === null) return;
      url = nextCursor;
    }
  }

  /** Every ExoPhone of the account (v2_beta list, all pages). */
  async listExoPhones(signal?: AbortSignal): Promise<ExotelExoPhone[]> {
    let url = `${this.baseUrl}/v2_beta${this.accountPath}/IncomingPhoneNumbers`;
    const guard = new PageGuard(this.maxPages);
    const phones: ExotelExoPhone[] = [];
    for (;;) {
      guard.visit(url);
      const page = await this.get('exophones', url, parseExoPhonesPage, signal);
      phones.push(...page.incoming_phone_numbers);
      const step = guard.step(
        page.incoming_phone_numbers.length,
        resolvePageUri(page.next_page_uri, this.baseUrl, url),
      );
      if (!('next' in step)) return phones;
      url = step.next;
    }
  }

  /**
   * One ExoPhone's details with its connectivity per direction (the v2 API; note its lower-case
   * `accounts` path). Throttled by Exotel like everything else: paced by the account's limiter.
   */
  async exoPhoneDetails(exophoneSid: string, signal?: AbortSignal): Promise<ExotelExoPhoneDetails> {
    const url = `${this.baseUrl}/v2/accounts/${encodeURIComponent(this.accountSid)}/incoming-phone-numbers/${encodeURIComponent(exophoneSid)}`;
    return this.get('exophone-details', url, parseExoPhoneDetails, signal);
  }

  /** Requests per minute the account's limiter grants now (lower than the budget after 429s). */
  get effectiveRequestsPerMinute(): number {
    return this.limiter.effectiveRequestsPerMinute;
  }

  /** Cancels waiting and in-flight requests of this client and closes its sockets. */
  close(): void {
    this.closing.abort(new ExotelClientClosedError('The Exotel client was closed'));
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async get<T>(
    endpoint: ExotelEndpoint,
    url: string,
    parse: (body: unknown) => T,
    callerSignal: AbortSignal | undefined,
  ): Promise<T> {
    const signal = callerSignal ? AbortSignal.any([callerSignal, this.closing.signal]) : this.closing.signal;
    // 429s and other failures are counted apart: throttling never uses up the attempts of a request.
    const counts = { throttles: 0, failures: 0 };
    for (let attempt = 1; ; attempt += 1) {
      await this.limiter.acquire(signal);
      const started = performance.now();
      const { value, outcome, status } = await this.attempt(url, parse, signal);
      const durationMs = performance.now() - started;
      if (outcome === undefined) {
        this.onRequest?.({ endpoint, attempt, outcome: 'ok', status, durationMs });
        return value as T;
      }
      const throttled = failureKind(outcome) === 'rate-limited';
      if (throttled) this.limiter.throttled();
      const count = throttled ? ++counts.throttles : ++counts.failures;
      const decision = decideRetry(outcome, count, this.policy, this.random);
      this.onRequest?.({
        endpoint,
        attempt,
        outcome: decision.kind,
        ...(status === undefined ? {} : { status }),
        durationMs,
        ...(decision.retry ? { retryInMs: decision.delayMs } : {}),
      });
      if (!decision.retry) throw decision.error;
      logger.warn(
        {
          endpoint,
          path: new URL(url).pathname,
          attempt,
          kind: decision.kind,
          status,
          retryInMs: decision.delayMs,
          ...(throttled
            ? { paceRequestsPerMinute: Math.round(this.limiter.effectiveRequestsPerMinute) }
            : {}),
        },
        'Exotel request failed; retrying',
      );
      try {
        await sleep(decision.delayMs, undefined, { signal });
      } catch {
        throw signal.reason;
      }
    }
  }

  /** One HTTP attempt: the parsed value, or the outcome to feed decideRetry. */
  private async attempt<T>(
    url: string,
    parse: (body: unknown) => T,
    signal: AbortSignal,
  ): Promise<{ value?: T; outcome?: AttemptOutcome; status?: number }> {
    let response;
    try {
      response = await this.http.get<string>(url, { signal });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      // Only the code is kept: axios errors carry the request config, credentials included.
      const code = isAxiosError(error) ? error.code : undefined;
      return {
        outcome: code === 'ETIMEDOUT' ? { kind: 'timeout' } : { kind: 'network', code: code ?? 'UNKNOWN' },
      };
    }
    const { status } = response;
    const body = typeof response.data === 'string' ? response.data : '';
    if (status < 200 || status >= 300) {
      const retryAfter = response.headers['retry-after'];
      return {
        status,
        outcome: {
          kind: 'http',
          status,
          retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
          body,
        },
      };
    }
    try {
      return { status, value: parse(parseJsonBody(body)) };
    } catch (error) {
      if (!(error instanceof ExotelInvalidBodyError)) throw error;
      return { status, outcome: { kind: 'invalid-body', detail: error.message } };
    }
  }
}
