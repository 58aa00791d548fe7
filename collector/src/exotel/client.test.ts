import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { Request, Response } from 'express';
import type { ExotelRequestEvent } from './client';
import { ExotelClient, ExotelClientClosedError } from './client';
import { ExotelAuthError, ExotelRequestError, ExotelRetriesExhaustedError } from './errors';
import { RateLimiter } from './limiter';

type Reply = (req: Request, res: Response) => void;

const API_KEY = 'key-123';
const API_TOKEN = 'token-secret-456';
const ACCOUNT = 'acc1';
const CALLS_PATH = `/v1/Accounts/${ACCOUNT}/Calls.json`;

const json =
  (body: unknown, status = 200, headers: Record<string, string> = {}): Reply =>
  (_req, res) => {
    res.status(status).set(headers).type('application/json').send(JSON.stringify(body));
  };
const page = (sids: string[], next: string | null, total = 0) =>
  json({ Metadata: { Total: total, PageSize: 100, NextPageUri: next }, Calls: sids.map((Sid) => ({ Sid })) });

let server: Server;
let baseUrl: string;
let replies: Reply[];
let seen: { url: string; authorization: string | undefined; at: number }[];
let events: ExotelRequestEvent[];
let limiter: RateLimiter;

beforeAll(async () => {
  const app = express();
  app.use((req, res) => {
    seen.push({ url: req.originalUrl, authorization: req.headers.authorization, at: Date.now() });
    const reply = replies.shift();
    if (reply) reply(req, res);
    else res.status(500).json({ RestException: { Message: 'test server ran out of replies' } });
  });
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  replies = [];
  seen = [];
  events = [];
  limiter = new RateLimiter({ requestsPerMinute: 60_000 });
});

afterEach(() => limiter.close());

function client(overrides: Partial<ConstructorParameters<typeof ExotelClient>[0]> = {}): ExotelClient {
  return new ExotelClient({
    baseUrl,
    accountSid: ACCOUNT,
    apiKey: API_KEY,
    apiToken: API_TOKEN,
    limiter,
    timeoutMs: 2_000,
    retry: { baseDelayMs: 20, maxDelayMs: 40 },
    random: () => 1,
    onRequest: (event) => events.push(event),
    ...overrides,
  });
}

async function collect(exotel: ExotelClient, startCursor?: string, details?: boolean) {
  const pages = [];
  const window = { from: new Date('2026-11-23T18:30:00Z'), to: new Date('2026-11-24T18:30:00Z') };
  for await (const p of exotel.callPages(window, { startCursor, details })) pages.push(p);
  exotel.close();
  return pages;
}

describe('ExotelClient.callPages', () => {
  it('asks for the window in local time with Basic auth and follows path and full-URL cursors', async () => {
    replies = [
      page(['a', 'b'], `${CALLS_PATH}?After=p2`, 4),
      page(['c'], `${baseUrl}${CALLS_PATH}?After=p3`, 4),
      page(['d'], null, 4),
    ];
    const pages = await collect(client());
    expect(pages).toEqual([
      { calls: [{ Sid: 'a' }, { Sid: 'b' }], nextCursor: `${baseUrl}${CALLS_PATH}?After=p2`, total: 4 },
      { calls: [{ Sid: 'c' }], nextCursor: `${baseUrl}${CALLS_PATH}?After=p3`, total: 4 },
      { calls: [{ Sid: 'd' }], nextCursor: null, total: 4 },
    ]);
    const first = new URL(seen[0]?.url ?? '', baseUrl);
    expect(first.pathname).toBe(CALLS_PATH);
    expect(Object.fromEntries(first.searchParams)).toEqual({
      DateCreated: 'gte:2026-11-24 00:00:00;lte:2026-11-24 23:59:59',
      PageSize: '100',
      SortBy: 'DateCreated:asc',
    });
    expect(seen.map((s) => s.url).slice(1)).toEqual([`${CALLS_PATH}?After=p2`, `${CALLS_PATH}?After=p3`]);
    expect(seen[0]?.authorization).toBe(`Basic ${Buffer.from(`${API_KEY}:${API_TOKEN}`).toString('base64')}`);
    expect(events.map((e) => e.outcome)).toEqual(['ok', 'ok', 'ok']);
  });

  it('resumes from a checkpointed cursor', async () => {
    replies = [page(['z'], null)];
    await collect(client(), `${baseUrl}${CALLS_PATH}?After=resume`);
    expect(seen.map((s) => s.url)).toEqual([`${CALLS_PATH}?After=resume`]);
  });

  it('asks every page for details, whatever NextPageUri carries, also when resuming', async () => {
    // NextPageUri as documented (exotel-api.md §1.3, developer.exotel.com/docs/voice-v1/api-reference/call-details):
    // a host-relative path with the cursor, here without the first request's details=true.
    replies = [
      page(['a'], `${CALLS_PATH}?PageSize=100&After=p2`),
      page(['b'], `${CALLS_PATH}?After=p3&details=false`),
      page(['c'], null),
    ];
    const pages = await collect(client(), undefined, true);
    expect(seen.map((s) => new URL(s.url, baseUrl).searchParams.getAll('details'))).toEqual([
      ['true'],
      ['true'],
      ['true'],
    ]);
    expect(seen.map((s) => s.url).slice(1)).toEqual([
      `${CALLS_PATH}?PageSize=100&After=p2&details=true`,
      `${CALLS_PATH}?After=p3&details=true`,
    ]);
    expect(pages[0]?.nextCursor).toBe(`${baseUrl}${CALLS_PATH}?PageSize=100&After=p2&details=true`);

    replies = [page(['z'], null)];
    await collect(client(), `${baseUrl}${CALLS_PATH}?After=resume`, true);
    expect(seen.at(-1)?.url).toBe(`${CALLS_PATH}?After=resume&details=true`);
  });

  it('stops on an empty page and on a repeated cursor', async () => {
    replies = [page([], `${CALLS_PATH}?After=more`)];
    expect(await collect(client())).toEqual([{ calls: [], nextCursor: null, total: 0 }]);
    replies = [page(['a'], `${CALLS_PATH}?After=x`), page(['b'], `${CALLS_PATH}?After=x`)];
    const pages = await collect(client());
    expect(pages.map((p) => p.nextCursor)).toEqual([`${baseUrl}${CALLS_PATH}?After=x`, null]);
    expect(seen).toHaveLength(3);
  });

  it('raises ExotelAuthError on 401 without retrying and without the token in the message', async () => {
    replies = [json({ RestException: { Status: 401, Message: 'Authentication required' } }, 401)];
    const error = await collect(client()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExotelAuthError);
    expect((error as Error).message).toMatch(/EXOTEL_API_KEY/);
    expect(JSON.stringify(error) + (error as Error).message).not.toContain(API_TOKEN);
    expect(seen).toHaveLength(1);
    expect(events).toEqual([expect.objectContaining({ outcome: 'auth', status: 401, attempt: 1 })]);
  });

  it('honours Retry-After on 429', async () => {
    replies = [
      json({ RestException: { Code: 'RATE_LIMIT_EXCEEDED' } }, 429, { 'Retry-After': '1' }),
      page(['a'], null),
    ];
    const pages = await collect(client());
    expect(pages[0]?.calls).toEqual([{ Sid: 'a' }]);
    expect((seen[1]?.at ?? 0) - (seen[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
    expect(events.map((e) => [e.outcome, e.retryInMs])).toEqual([
      ['rate-limited', 1_000],
      ['ok', undefined],
    ]);
  });

  it('retries 5xx, truncated JSON and a body without Calls, then succeeds', async () => {
    replies = [
      json({ RestException: { Message: 'oops' } }, 503),
      (_req, res) => void res.type('application/json').send('{"Metadata":{"Total":1},"Calls":[{"Sid":'),
      json({ Metadata: {} }),
      page(['a'], null),
    ];
    const pages = await collect(client());
    expect(pages[0]?.calls).toEqual([{ Sid: 'a' }]);
    expect(events.map((e) => e.outcome)).toEqual(['server-error', 'invalid-body', 'invalid-body', 'ok']);
    expect(events.slice(0, 3).every((e) => e.retryInMs === 20 || e.retryInMs === 40)).toBe(true);
  });

  it('retries a timeout and a dropped connection', async () => {
    replies = [
      (_req, res) => void setTimeout(() => res.headersSent || res.json({ Calls: [] }), 1_000).unref(),
      (req) => void req.socket.destroy(),
      page(['a'], null),
    ];
    const pages = await collect(client({ timeoutMs: 200 }));
    expect(pages[0]?.calls).toEqual([{ Sid: 'a' }]);
    expect(events.map((e) => e.outcome)).toEqual(['timeout', 'network', 'ok']);
  });

  it('gives up after maxAttempts with ExotelRetriesExhaustedError', async () => {
    replies = [json({}, 502), json({}, 502), json({}, 502), page(['never'], null)];
    await expect(collect(client({ maxAttempts: 3 }))).rejects.toBeInstanceOf(ExotelRetriesExhaustedError);
    expect(seen).toHaveLength(3);
  });

  it('carries RestException Code and Message on other 4xx', async () => {
    replies = [json({ RestException: { Status: 400, Code: 34001, Message: 'Invalid DateCreated' } }, 400)];
    await expect(collect(client())).rejects.toMatchObject({
      constructor: ExotelRequestError,
      code: 34001,
      status: 400,
      message: expect.stringContaining('Invalid DateCreated'),
    });
  });

  it('takes a limiter slot for every attempt, retries included', async () => {
    const acquire = jest.spyOn(limiter, 'acquire');
    replies = [json({}, 500), page(['a'], null)];
    await collect(client());
    expect(acquire).toHaveBeenCalledTimes(2);
  });

  it('close() cancels a request waiting to retry', async () => {
    replies = [json({}, 429, { 'Retry-After': '30' })];
    const exotel = client();
    const pending = collect(exotel);
    await new Promise((resolve) => setTimeout(resolve, 200));
    exotel.close();
    await expect(pending).rejects.toBeInstanceOf(ExotelClientClosedError);
  });
});

describe('ExotelClient.listExoPhones', () => {
  it('follows next_page_uri across pages', async () => {
    const path = `/v2_beta/Accounts/${ACCOUNT}/IncomingPhoneNumbers`;
    const phone = (sid: string) => ({ sid, phone_number: '+918069891522', friendly_name: sid, region: 'KA' });
    replies = [
      json({ incoming_phone_numbers: [phone('e1')], next_page_uri: `${path}?Page=1&PageSize=50` }),
      json({ incoming_phone_numbers: [phone('e2')], next_page_uri: null }),
    ];
    const exotel = client();
    const phones = await exotel.listExoPhones();
    exotel.close();
    expect(phones.map((p) => p.sid)).toEqual(['e1', 'e2']);
    expect(seen.map((s) => s.url)).toEqual([path, `${path}?Page=1&PageSize=50`]);
    expect(events.map((e) => e.endpoint)).toEqual(['exophones', 'exophones']);
  });
});
