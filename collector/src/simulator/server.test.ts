import type { ExotelCall, ExotelCallsPage } from '../exotel/types';
import type { SimulatorHandle } from './index';
import { startSimulator } from './index';

const NOW = '2025-03-10T12:00:00Z';
const FEB_1_IST = 'gte:2025-02-01 00:00:00;lte:2025-02-01 23:59:59';
let sim: SimulatorHandle;
let wall = 0;

beforeAll(async () => {
  sim = await startSimulator(
    { callsPerDay: 3000, rateLimitPerMinute: 0, clock: { start: NOW, speed: 0 } },
    { wallClock: () => wall },
  );
});
afterAll(() => sim.close());

const basic = (key: string, token: string): string =>
  'Basic ' + Buffer.from(`${key}:${token}`).toString('base64');
async function get(path: string, authorization: string | null = basic(sim.apiKey, sim.apiToken)) {
  const response = await fetch(sim.url + path, { headers: authorization ? { authorization } : {} });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}
const callsPath = (query: Record<string, string>): string =>
  `/v1/Accounts/${sim.accountSid}/Calls.json?` + new URLSearchParams(query).toString();

/** Follows NextPageUri; with `details`, asks each page for them again, as the collector does. */
async function walkPages(
  firstPath: string,
  details = false,
): Promise<{ calls: ExotelCall[]; pages: ExotelCallsPage[] }> {
  const pages: ExotelCallsPage[] = [];
  let path: string | null | undefined = firstPath;
  while (path) {
    const response = await get(details ? `${path}&details=true` : path);
    expect(response.status).toBe(200);
    const page = response.json() as ExotelCallsPage;
    pages.push(page);
    path = page.Metadata.NextPageUri;
  }
  return { calls: pages.flatMap((page) => page.Calls), pages };
}

describe('Calls.json', () => {
  it('pages through a whole window with no gap or duplicate, matching the ground truth', async () => {
    const { calls, pages } = await walkPages(
      callsPath({ DateCreated: FEB_1_IST, PageSize: '100', SortBy: 'DateCreated:asc' }),
      true,
    );
    const truth = sim.truth.calls({ from: '2025-01-31T18:30:00Z', to: '2025-02-01T18:30:00Z' });
    expect(truth.length).toBeGreaterThan(1000);
    expect(calls).toEqual(truth); // all settled long ago: API values are the final ones
    // NextPageUri does not repeat details=true: a page not asking again has no Details.
    expect(pages.every((page) => !page.Metadata.NextPageUri?.includes('details'))).toBe(true);
    const unasked = (await get(pages[0]!.Metadata.NextPageUri!)).json() as ExotelCallsPage;
    expect(unasked.Calls.length).toBe(100);
    expect(unasked.Calls.some((call) => 'Details' in call)).toBe(false);
    expect(new Set(calls.map((call) => call.Sid)).size).toBe(calls.length);
    expect(
      pages.every((page) => page.Metadata.Total === truth.length && page.Metadata.PageSize === 100),
    ).toBe(true);
    expect(pages[0]!.Metadata.PrevPageUri).toBeNull();
    expect(pages[1]!.Metadata.PrevPageUri).toContain('Before=');
    expect(pages.at(-1)!.Metadata.NextPageUri).toBeNull();
    expect(pages[0]!.Metadata.NextPageUri).toMatch(
      /^\/v1\/Accounts\/exowatchdemo\/Calls\.json\?DateCreated=gte%3A2025-02-01%2000%3A00%3A00.*&After=[A-Za-z0-9_-]+$/,
    );
  });

  it('sorts newest first by default, and Before goes back a page', async () => {
    const { calls, pages } = await walkPages(callsPath({ DateCreated: FEB_1_IST, PageSize: '100' }));
    const truth = sim.truth.calls({ from: '2025-01-31T18:30:00Z', to: '2025-02-01T18:30:00Z' });
    expect(calls.map((call) => call.Sid)).toEqual(truth.map((call) => call.Sid).reverse());
    const previous = await get(pages[2]!.Metadata.PrevPageUri!);
    expect(previous.json().Calls).toEqual(pages[1]!.Calls);
    expect(pages[0]!.Calls).toHaveLength(100);
  });

  it('gives the same next page for the same cursor later, and the cursor survives new calls appearing', async () => {
    const window = {
      DateCreated: 'gte:2025-03-10 15:00:00;lte:2025-03-10 17:59:59',
      PageSize: '50',
      SortBy: 'DateCreated:asc',
    };
    const first = (await get(callsPath(window))).json() as ExotelCallsPage;
    const next = first.Metadata.NextPageUri!;
    const again = (await get(next)).text;
    expect((await get(next)).text).toBe(again);

    const secondPage = JSON.parse(again) as ExotelCallsPage;
    sim.clock.advance(3_600_000);
    try {
      const later = (await get(next)).json() as ExotelCallsPage;
      const cursorCall = first.Calls.at(-1)!;
      // Still strictly after the cursor's call, in order; calls that ended meanwhile may now be included.
      expect(later.Calls.every((call) => call.DateCreated >= cursorCall.DateCreated)).toBe(true);
      expect(later.Calls.map((call) => call.Sid)).not.toContain(cursorCall.Sid);
      expect(later.Calls.map((call) => call.Sid)).toEqual(
        expect.arrayContaining(secondPage.Calls.slice(0, 10).map((c) => c.Sid)),
      );
      expect(later.Metadata.Total).toBeGreaterThan(secondPage.Metadata.Total!);
    } finally {
      sim.clock.set(NOW);
    }
  });

  it('shows recent calls provisional, then settled with a later DateUpdated', async () => {
    const window = {
      DateCreated: 'gte:2025-03-10 17:00:00;lte:2025-03-10 17:29:59',
      PageSize: '100',
      SortBy: 'DateCreated:asc',
    };
    const { calls: before } = await walkPages(callsPath(window));
    expect(before.some((call) => call.Duration === null || call.Duration === '')).toBe(true);
    sim.clock.advance(2 * 3_600_000);
    try {
      const { calls: after } = await walkPages(callsPath(window));
      expect(after.length).toBeGreaterThan(before.length);
      expect(after.every((call) => call.Duration !== null && call.Duration !== '')).toBe(true);
      const changed = before.find((call) => call.Duration === null)!;
      const settled = after.find((call) => call.Sid === changed.Sid)!;
      expect(settled.DateUpdated! > changed.DateUpdated!).toBe(true);
    } finally {
      sim.clock.set(NOW);
    }
  });

  it('filters by Status, Direction, PhoneNumber and Sid', async () => {
    const exophone = sim.account.model.exophones[1]!;
    const { calls } = await walkPages(
      callsPath({
        DateCreated: FEB_1_IST,
        Status: 'busy,failed',
        Direction: 'inbound',
        PhoneNumber: exophone.national,
        PageSize: '100',
      }),
    );
    const truth = sim.truth
      .calls({ from: '2025-01-31T18:30:00Z', to: '2025-02-01T18:30:00Z' })
      .filter(
        (c) =>
          ['busy', 'failed'].includes(c.Status!) &&
          c.Direction === 'inbound' &&
          c.PhoneNumberSid === exophone.national,
      );
    expect(truth.length).toBeGreaterThan(0);
    expect(calls.map((c) => c.Sid).sort()).toEqual(truth.map((c) => c.Sid).sort());

    const wanted = truth.slice(0, 2).map((c) => c.Sid);
    const bySid = (
      await get(callsPath({ DateCreated: FEB_1_IST, Sid: [...wanted, 'f'.repeat(32)].join(',') }))
    ).json();
    expect(bySid.Calls.map((c: ExotelCall) => c.Sid).sort()).toEqual([...wanted].sort());
    expect(bySid.Metadata.Total).toBe(2);
  });

  it('answers 401 without or with wrong credentials, 404 for another account, 400 for bad windows', async () => {
    for (const authorization of [null, basic(sim.apiKey, 'wrong')]) {
      const response = await get(callsPath({}), authorization);
      expect(response.status).toBe(401);
      expect(response.json().RestException.Status).toBe(401);
    }
    const otherAccount = await get('/v1/Accounts/someoneelse/Calls.json');
    expect(otherAccount.status).toBe(404);
    expect(otherAccount.json().RestException.Status).toBe(404);
    for (const DateCreated of [
      'gte:2025-01-01 00:00:00;lte:2025-02-15 00:00:00',
      'gte:2024-08-01 00:00:00;lte:2024-08-15 00:00:00',
    ]) {
      const response = await get(callsPath({ DateCreated }));
      expect(response.status).toBe(400);
      expect(response.json().RestException.Message).toMatch(/month/);
    }
  });

  it('emits full URLs when asked', async () => {
    const absolute = await startSimulator({
      absolutePageUris: true,
      rateLimitPerMinute: 0,
      clock: { start: NOW, speed: 0 },
    });
    try {
      const response = await fetch(absolute.url + callsPath({ DateCreated: FEB_1_IST }), {
        headers: { authorization: basic(absolute.apiKey, absolute.apiToken) },
      });
      const page = (await response.json()) as ExotelCallsPage;
      expect(page.Metadata.NextPageUri).toMatch(
        new RegExp(`^${absolute.url}/v1/Accounts/exowatchdemo/Calls\\.json\\?`),
      );
    } finally {
      await absolute.close();
    }
  });
});

describe('single call and ExoPhones', () => {
  it('returns one call as {Call}, and 404 for unknown or still ongoing calls', async () => {
    const [call] = sim.truth.calls({ from: '2025-02-01T06:00:00Z', to: '2025-02-01T06:10:00Z' });
    const response = await get(`/v1/Accounts/${sim.accountSid}/Calls/${call!.Sid}.json?details=true`);
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ Call: call });
    const { Details: _details, ...withoutDetails } = call!;
    expect((await get(`/v1/Accounts/${sim.accountSid}/Calls/${call!.Sid}.json`)).json()).toEqual({
      Call: withoutDetails,
    });
    expect((await get(`/v1/Accounts/${sim.accountSid}/Calls/${'0'.repeat(32)}.json`)).status).toBe(404);
    const ongoing = [...sim.account.traffic.slotCalls(Math.floor(Date.parse(NOW) / 60_000) - 1)].find(
      (c) => c.endMs > Date.parse(NOW),
    )!;
    expect((await get(`/v1/Accounts/${sim.accountSid}/Calls/${ongoing.sid}.json`)).status).toBe(404);
  });

  it('lists ExoPhones with regions, paged', async () => {
    const path = `/v2_beta/Accounts/${sim.accountSid}/IncomingPhoneNumbers`;
    const first = (await get(path + '?PageSize=5')).json();
    expect(first.incoming_phone_numbers).toHaveLength(5);
    expect(first.next_page_uri).toBe(`${path}?Page=1&PageSize=5`);
    const items = [...first.incoming_phone_numbers];
    let next = first.next_page_uri;
    while (next) {
      const page = (await get(next)).json();
      items.push(...page.incoming_phone_numbers);
      next = page.next_page_uri;
    }
    expect(items.map((item) => item.sid)).toEqual(sim.account.model.exophones.map((e) => e.sid));
    expect(items[0]).toMatchObject({ country: 'IN', region: 'KA', capabilities: { voice: true } });
    expect(items[0].phone_number).toMatch(/^\+9180\d{8}$/);
    expect((await get(path)).json().page_size).toBe(50);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After above the per-minute limit and counts it', async () => {
    sim.setRateLimit(5);
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 8; i++) {
        const response = await get(callsPath({ DateCreated: FEB_1_IST, PageSize: '1' }));
        statuses.push(response.status);
        if (response.status === 429) {
          retryAfter = response.headers.get('retry-after');
          expect(response.json().RestException.Status).toBe(429);
        }
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
      expect(retryAfter).toBe('60');
      wall += 60_000;
      expect((await get(callsPath({ DateCreated: FEB_1_IST, PageSize: '1' }))).status).toBe(200);
      const stats = (await get('/__sim/stats', null)).json();
      expect(stats.rateLimited).toBe(3);
      expect(stats.routes.calls.statuses['429']).toBe(3);
    } finally {
      sim.setRateLimit(0);
    }
  });

  it('sends a fixed Retry-After when configured, whatever the window says', async () => {
    const fixed = await startSimulator(
      { rateLimitPerMinute: 2, rateLimitRetryAfterSeconds: 1, clock: { start: NOW, speed: 0 } },
      { wallClock: () => wall },
    );
    try {
      const path = `/v1/Accounts/${fixed.accountSid}/Calls.json?DateCreated=${encodeURIComponent(FEB_1_IST)}`;
      const authorization = basic(fixed.apiKey, fixed.apiToken);
      const responses = [];
      for (let i = 0; i < 3; i++)
        responses.push(await fetch(fixed.url + path, { headers: { authorization } }));
      expect(responses.map((r) => r.status)).toEqual([200, 200, 429]);
      expect(responses[2]!.headers.get('retry-after')).toBe('1');
    } finally {
      await fixed.close();
    }
  });
  it('refuses a Retry-After that is not a whole number of seconds', async () => {
    await expect(startSimulator({ rateLimitRetryAfterSeconds: 0.5 })).rejects.toThrow(
      /rateLimitRetryAfterSeconds must be a whole number/,
    );
  });
});

describe('debug endpoints', () => {
  it('serves ground truth and counts over HTTP', async () => {
    const query = 'from=2025-02-01T06:00:00Z&to=2025-02-01T07:00:00Z';
    const truth = (await get('/__sim/truth?' + query, null)).json();
    expect(truth.calls).toEqual(
      sim.truth.calls({ from: '2025-02-01T06:00:00Z', to: '2025-02-01T07:00:00Z' }),
    );
    expect(truth.count).toBe(truth.calls.length);
    expect((await get('/__sim/truth?countOnly=1&' + query, null)).json()).toEqual({ count: truth.count });
    expect((await get('/__sim/truth?from=yesterday', null)).status).toBe(400);
  });
});
