/**
 * A backfill against an account whose real limit is lower than the configured budget (another
 * integration shares it): Exotel answers 429 with Retry-After: 1 s for as long as the sliding minute
 * is full. The backfill must slow down to what Exotel accepts, never give up, and store every call.
 * Real CLI process, real PostgreSQL, the simulator as Exotel.
 */
import type { Pool } from 'pg';
import { startSimulator, type SimulatorHandle } from '../src/simulator';
import { createPool } from '../src/store/db';
import { comparableFromDatabase, comparableFromTruth } from './harness/compare';
import { cliEnvironment, runCli } from './harness/cli';
import { startTestCluster, type TestCluster } from './harness/postgres';

const DAY = 86_400_000;
const BUDGET_PER_MINUTE = 600;
const REAL_LIMIT_PER_MINUTE = BUDGET_PER_MINUTE * 0.6;

describe('backfill under sustained throttling (limit at 60 % of the budget, Retry-After 1 s)', () => {
  let cluster: TestCluster;
  let sim: SimulatorHandle;
  let pool: Pool;

  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await sim?.close();
    await pool?.end();
    await cluster.destroy();
  });

  it('slows to below the real limit, never gives up, and stores every call', async () => {
    const databaseUrl = await cluster.freshDatabase();
    pool = createPool(databaseUrl);
    sim = await startSimulator({
      seed: `throttled-${Date.now()}`,
      callsPerDay: 1300,
      rateLimitPerMinute: REAL_LIMIT_PER_MINUTE,
      rateLimitRetryAfterSeconds: 1,
    });
    const to = new Date(Math.floor((Date.now() - DAY) / 1000) * 1000);
    const from = new Date(to.getTime() - 32 * DAY);
    const expected = comparableFromTruth(sim.truth.iterate({ from, to }));
    // Enough pages that the run outlasts the first full minute and must go on at the lowered pace.
    expect(expected.length / 100).toBeGreaterThan(REAL_LIMIT_PER_MINUTE * 1.1);

    const env = {
      ...cliEnvironment(databaseUrl, sim),
      EXOTEL_REQUESTS_PER_MINUTE: String(BUDGET_PER_MINUTE),
    };
    const result = await runCli(['backfill', '--from', from.toISOString(), '--to', to.toISOString()], env);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/backfill done/);
    expect(result.stdout).not.toMatch(/gave up/);

    // Exotel did throttle (for about 25 s: the first minute's requests must leave the window), and
    // every 429 was waited out with growing delays; none ended the backfill.
    expect(sim.stats().rateLimited).toBeGreaterThan(0);

    // Every call stored, exactly as the simulator's ground truth has it.
    expect(await comparableFromDatabase(pool, from, to)).toEqual(expected);

    // The progress lines show the pace; the last one has converged below the real limit without
    // collapsing (it still uses a fair part of what the account allows).
    const rates = [...result.stdout.matchAll(/^backfill .* rate=(\d+)\/min/gm)].map((m) => Number(m[1]));
    expect(rates[0]).toBe(BUDGET_PER_MINUTE);
    const final = rates.at(-1)!;
    expect(final).toBeLessThan(REAL_LIMIT_PER_MINUTE);
    expect(final).toBeGreaterThan(REAL_LIMIT_PER_MINUTE * 0.5);
  }, 300_000);
});
