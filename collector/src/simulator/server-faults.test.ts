import type { ExotelCall, ExotelCallsPage } from '../exotel/types';
import type { SimulatorHandle } from './index';
import { startSimulator } from './index';

const NOW = '2025-03-10T12:00:00Z';
const WINDOW = {
  DateCreated: 'gte:2025-02-01 00:00:00;lte:2025-02-01 23:59:59',
  PageSize: '100',
  SortBy: 'DateCreated:asc',
};
const TRUTH_RANGE = { from: '2025-01-31T18:30:00Z', to: '2025-02-01T18:30:00Z' };
let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ callsPerDay: 2000, rateLimitPerMinute: 0, clock: { start: NOW, speed: 0 } });
});
afterAll(() => sim.close());
afterEach(() =>
  sim.setFaults({
    tooManyRequests: 0,
    serverError: 0,
    timeout: 0,
    truncatedBody: 0,
    duplicateAcrossPages: 0,
  }),
);

const firstPage = `/v1/Accounts/exowatchdemo/Calls.json?${new URLSearchParams(WINDOW).toString()}`;
async function get(path: string): Promise<Response> {
  return fetch(sim.url + path, {
    headers: { authorization: 'Basic ' + Buffer.from(`${sim.apiKey}:${sim.apiToken}`).toString('base64') },
  });
}

/** A client that retries every failure, as the real sync must; returns what it collected. */
async function resilientWalk(): Promise<{ calls: ExotelCall[]; failures: number }> {
  const calls: ExotelCall[] = [];
  let failures = 0;
  let path: string | null | undefined = firstPage;
  while (path) {
    try {
      const response = await get(`${path}&details=true`);
      const page = JSON.parse(await response.text()) as ExotelCallsPage;
      if (response.status !== 200) throw new Error(String(response.status));
      calls.push(...page.Calls);
      path = page.Metadata.NextPageUri;
    } catch {
      failures++;
    }
  }
  return { calls, failures };
}

describe('fault injection', () => {
  it('answers injected 429s with Retry-After and does not count them as accepted', async () => {
    sim.setFaults({ tooManyRequests: 1 });
    const before = sim.stats();
    const response = await get(firstPage);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(((await response.json()) as { RestException: { Status: number } }).RestException.Status).toBe(429);
    const after = sim.stats();
    expect(after.faults.tooManyRequests - before.faults.tooManyRequests).toBe(1);
    expect(after.accepted).toBe(before.accepted);
    expect(after.rateLimited).toBe(before.rateLimited);
  });

  it('answers 500, 502 and 503', async () => {
    sim.setFaults({ serverError: 1, seed: 'five-hundreds' });
    const statuses = new Set<number>();
    for (let i = 0; i < 30; i++) statuses.add((await get(firstPage)).status);
    expect(statuses).toEqual(new Set([500, 502, 503]));
    expect(sim.stats().faults.serverError).toBeGreaterThanOrEqual(30);
  });

  it('holds a timed-out request, then drops the socket', async () => {
    sim.setFaults({ timeout: 1, timeoutMs: 300, timeoutMode: 'drop' });
    const started = Date.now();
    await expect(get(firstPage)).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    // The server sees the close event a moment after the client sees the reset.
    for (let i = 0; i < 50 && !sim.stats().routes.calls!.statuses.dropped; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(sim.stats().routes.calls!.statuses.dropped).toBe(1);
  });

  it('holds a timed-out request, then answers normally', async () => {
    sim.setFaults({ timeout: 1, timeoutMs: 300, timeoutMode: 'respond' });
    const started = Date.now();
    const response = await get(firstPage);
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(((await response.json()) as ExotelCallsPage).Calls).toHaveLength(100);
  });

  it('cuts bodies off mid-way with a 200', async () => {
    sim.setFaults({ truncatedBody: 1 });
    const response = await get(firstPage);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.startsWith('{"Metadata":')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
    expect(sim.stats().faults.truncatedBody).toBeGreaterThanOrEqual(1);
  });

  it('repeats the last call of page N at the start of page N+1', async () => {
    const page1 = (await (await get(firstPage)).json()) as ExotelCallsPage;
    sim.setFaults({ duplicateAcrossPages: 1 });
    const page2 = (await (await get(page1.Metadata.NextPageUri!)).json()) as ExotelCallsPage;
    expect(page2.Calls[0]).toEqual(page1.Calls.at(-1));
    expect(page2.Calls).toHaveLength(101);
    const firstAgain = (await (await get(firstPage)).json()) as ExotelCallsPage;
    expect(firstAgain.Calls).toEqual(page1.Calls); // no cursor, nothing to repeat
  });

  it('never changes the ground truth: a retrying client still collects exactly the truth', async () => {
    const truthBefore = sim.truth.calls(TRUTH_RANGE);
    sim.setFaults({
      tooManyRequests: 0.1,
      serverError: 0.15,
      truncatedBody: 0.1,
      duplicateAcrossPages: 0.5,
      seed: 99,
    });
    const { calls, failures } = await resilientWalk();
    expect(failures).toBeGreaterThan(0);
    const unique = new Map(calls.map((call) => [call.Sid, call]));
    expect(calls.length).toBeGreaterThan(unique.size);
    expect([...unique.values()]).toEqual(truthBefore);
    expect(sim.truth.calls(TRUTH_RANGE)).toEqual(truthBefore);
  });

  it('takes fault settings at start and over HTTP at runtime', async () => {
    const faulty = await startSimulator({
      rateLimitPerMinute: 0,
      faults: { serverError: 1 },
      clock: { start: NOW, speed: 0 },
    });
    try {
      const auth = {
        authorization: 'Basic ' + Buffer.from(`${faulty.apiKey}:${faulty.apiToken}`).toString('base64'),
      };
      expect((await fetch(faulty.url + firstPage, { headers: auth })).status).toBeGreaterThanOrEqual(500);
      const put = await fetch(faulty.url + '/__sim/faults', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serverError: 0 }),
      });
      expect(((await put.json()) as { serverError: number }).serverError).toBe(0);
      expect((await fetch(faulty.url + firstPage, { headers: auth })).status).toBe(200);
      const invalid = await fetch(faulty.url + '/__sim/faults', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serverError: 3 }),
      });
      expect(invalid.status).toBe(400);
    } finally {
      await faulty.close();
    }
  });
});
