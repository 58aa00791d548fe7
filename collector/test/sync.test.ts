import type { Pool } from 'pg';
import { ExotelClient, RateLimiter } from '../src/exotel';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../src/simulator';
import { readSyncState } from '../src/store/syncState';
import { runIncrementalSync } from '../src/sync/incremental';
import { comparableFromDatabase, comparableFromTruth } from './harness/compare';
import { startTestCluster, type TestCluster } from './harness/postgres';
import { migratedPool } from './harness/database';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-20T12:00:00Z');
const SETTINGS = { rereadMinutes: 30, fullRereadHours: 24, initialLookbackHours: 24 };

function clientFor(sim: SimulatorHandle): ExotelClient {
  return new ExotelClient({
    baseUrl: sim.url,
    accountSid: sim.accountSid,
    apiKey: sim.apiKey,
    apiToken: sim.apiToken,
    limiter: new RateLimiter({ requestsPerMinute: 60_000 }),
    timeoutMs: 250,
    maxAttempts: 15,
    retry: { baseDelayMs: 5, maxDelayMs: 40 },
  });
}

describe('incremental sync against the simulator, on real PostgreSQL', () => {
  let cluster: TestCluster;
  let pool: Pool;
  let sim: SimulatorHandle | undefined;
  let client: ExotelClient | undefined;

  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  beforeEach(async () => {
    pool = await migratedPool(cluster);
  });
  afterEach(async () => {
    client?.close();
    await sim?.close();
    await pool.end();
  });
  afterAll(() => cluster.destroy());

  async function simulate(options: SimulatorOptions): Promise<SimulatorHandle> {
    sim = await startSimulator({ rateLimitPerMinute: 0, clock: { start: NOW, speed: 0 }, ...options });
    client = clientFor(sim);
    return sim;
  }

  it('ends equal to the ground truth with every fault turned on: nothing missing, nothing twice, settled values right', async () => {
    const simulator = await simulate({
      seed: 'every-fault',
      callsPerDay: 4000,
      faults: {
        tooManyRequests: 0.05,
        serverError: 0.1,
        timeout: 0.05,
        truncatedBody: 0.1,
        duplicateAcrossPages: 0.3,
        timeoutMs: 400,
        timeoutMode: 'mixed',
        seed: 7,
      },
    });
    const account = { sid: simulator.accountSid, timeZone: 'Asia/Kolkata' };

    const first = await runIncrementalSync(pool, client!, account, SETTINGS, {
      now: () => new Date(simulator.clock.now()),
    });
    expect(first.outcome).toBe('synced');
    // Some calls had not settled yet at the first run: they are stored with what Exotel showed then.
    const { rows: unsettled } = await pool.query(
      'SELECT count(*)::int AS n FROM calls WHERE duration IS NULL',
    );
    expect(unsettled[0].n).toBeGreaterThan(0);

    simulator.clock.advance(HOUR);
    await runIncrementalSync(pool, client!, account, SETTINGS, {
      now: () => new Date(simulator.clock.now()),
    });

    // Every call created in the first day has ended and settled an hour later.
    const from = new Date(NOW - 24 * HOUR);
    const to = new Date(NOW);
    const truth = comparableFromTruth(simulator.truth.iterate({ from, to, now: NOW + HOUR }));
    const stored = await comparableFromDatabase(pool, from, to);
    expect(truth.length).toBeGreaterThan(3000);
    expect(stored).toEqual(truth);

    const { rows: duplicates } = await pool.query('SELECT count(*) - count(DISTINCT sid) AS n FROM calls');
    expect(Number(duplicates[0].n)).toBe(0);
    const faults = simulator.stats().faults;
    for (const kind of [
      'tooManyRequests',
      'serverError',
      'timeout',
      'truncatedBody',
      'duplicateAcrossPages',
    ] as const) {
      expect(faults[kind]).toBeGreaterThan(0);
    }
    const state = await readSyncState(pool, simulator.accountSid);
    expect(state?.syncedUntil?.getTime()).toBe(NOW + HOUR);
    expect(state?.lastError).toBeNull();
  });

  it('stores the leg details of calls on every page, though NextPageUri does not ask for them again', async () => {
    const simulator = await simulate({ seed: 'details', callsPerDay: 1500 });
    const account = { sid: simulator.accountSid, timeZone: 'Asia/Kolkata' };
    simulator.clock.advance(HOUR); // every call of the window settled
    await runIncrementalSync(pool, client!, account, SETTINGS, {
      now: () => new Date(simulator.clock.now()),
    });

    const from = new Date(NOW + HOUR - 24 * HOUR);
    const to = new Date(NOW);
    const truth = comparableFromTruth(simulator.truth.iterate({ from, to, now: NOW + HOUR }));
    expect(truth.length).toBeGreaterThan(1000); // more than ten pages of 100
    expect(simulator.stats().routes.calls?.requests).toBeGreaterThan(10);
    expect(truth.filter((call) => call.leg2Status !== null).length).toBeGreaterThan(500);
    expect(await comparableFromDatabase(pool, from, to)).toEqual(truth);
  });

  it('reads only from the checkpoint (minus the re-read margin) between hourly full re-reads', async () => {
    const simulator = await simulate({ seed: 'windows', callsPerDay: 500 });
    const account = { sid: simulator.accountSid, timeZone: 'Asia/Kolkata' };
    const now = () => new Date(simulator.clock.now());

    const first = await runIncrementalSync(pool, client!, account, SETTINGS, { now });
    expect(first.fullReread).toBe(true);
    expect(first.window).toEqual({ from: new Date(NOW - 24 * HOUR), to: new Date(NOW) });

    simulator.clock.advance(60_000);
    const second = await runIncrementalSync(pool, client!, account, SETTINGS, { now });
    expect(second.fullReread).toBe(false);
    expect(second.window).toEqual({ from: new Date(NOW - 30 * 60_000), to: new Date(NOW + 60_000) });

    simulator.clock.advance(HOUR);
    const third = await runIncrementalSync(pool, client!, account, SETTINGS, { now });
    expect(third.fullReread).toBe(true);
    expect(third.window!.from).toEqual(new Date(NOW + 61 * 60_000 - 24 * HOUR));
  });

  it('reports bad credentials clearly, records the error and does not retry', async () => {
    const simulator = await simulate({ seed: 'auth', callsPerDay: 100 });
    const wrong = new ExotelClient({
      baseUrl: simulator.url,
      accountSid: simulator.accountSid,
      apiKey: simulator.apiKey,
      apiToken: 'not-the-token',
      limiter: new RateLimiter({ requestsPerMinute: 60_000 }),
    });
    const account = { sid: simulator.accountSid, timeZone: 'Asia/Kolkata' };
    await expect(
      runIncrementalSync(pool, wrong, account, SETTINGS, { now: () => new Date(NOW) }),
    ).rejects.toThrow(/EXOTEL_API_TOKEN/);
    wrong.close();
    expect(simulator.stats().routes).toEqual(
      expect.objectContaining({ calls: expect.objectContaining({ requests: 1 }) }),
    );
    const state = await readSyncState(pool, simulator.accountSid);
    expect(state?.lastError).toMatch(/EXOTEL_API_TOKEN/);
    expect(state?.syncedUntil).toBeNull();
  });
});
