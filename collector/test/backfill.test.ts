import type { Pool } from 'pg';
import { oldestBackfillStart } from '../src/exotel/windows';
import { startSimulator, type SimulatorHandle } from '../src/simulator';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { comparableFromDatabase, comparableFromTruth } from './harness/compare';
import { cliEnvironment, runCli, spawnCli } from './harness/cli';
import { startTestCluster, type TestCluster } from './harness/postgres';

const DAY = 86_400_000;

describe('exowatch backfill and concurrent collectors (real processes, real PostgreSQL)', () => {
  let cluster: TestCluster;
  let sim: SimulatorHandle;
  let pool: Pool;
  let env: Record<string, string>;
  let databaseUrl: string;

  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  beforeEach(async () => {
    databaseUrl = await cluster.freshDatabase();
    pool = createPool(databaseUrl);
    await migrate(pool);
    sim = await startSimulator({ seed: `backfill-${Date.now()}`, callsPerDay: 2000, rateLimitPerMinute: 0 });
    env = { ...cliEnvironment(databaseUrl, sim), EXOTEL_REQUESTS_PER_MINUTE: '10000' };
  });
  afterEach(async () => {
    await sim.close();
    await pool.end();
  });
  afterAll(() => cluster.destroy());

  async function pagesRead(): Promise<number> {
    const { rows } = await pool.query('SELECT coalesce(max(pages_read), 0)::int AS n FROM backfill_jobs');
    return rows[0].n;
  }

  it('killed with SIGKILL at random points three times and restarted, ends equal to the truth', async () => {
    const now = Date.now();
    const from = new Date(Math.floor((now - 40 * DAY) / 1000) * 1000);
    const to = new Date(Math.floor((now - DAY) / 1000) * 1000);
    const args = ['backfill', '--from', from.toISOString(), '--to', to.toISOString()];
    const expected = comparableFromTruth(sim.truth.iterate({ from, to }));
    const expectedPages = Math.ceil(expected.length / 100);

    let killedAfter = 0;
    for (let kill = 1; kill <= 3; kill++) {
      // A random point in the next quarter of the pages, so every run makes progress before it dies.
      const target = killedAfter + 1 + Math.floor(Math.random() * (expectedPages / 4));
      const run = spawnCli(args, env);
      for (;;) {
        const pages = await pagesRead();
        if (pages >= target) break;
        const exited = await Promise.race([run.done, new Promise((r) => setTimeout(r, 20, null))]);
        if (exited) throw new Error(`backfill ended before it could be killed: ${JSON.stringify(exited)}`);
      }
      run.child.kill('SIGKILL');
      const result = await run.done;
      expect(result.signal).toBe('SIGKILL');
      killedAfter = await pagesRead();
    }
    const { rows: jobs } = await pool.query('SELECT status FROM backfill_jobs');
    expect(jobs).toEqual([{ status: 'running' }]);

    const final = await runCli(args, env);
    expect(final.stderr).toBe('');
    expect(final.code).toBe(0);
    expect(final.stdout).toMatch(/backfill done/);

    expect(await comparableFromDatabase(pool, from, to)).toEqual(expected);
    const { rows } = await pool.query('SELECT status, calls_written::int FROM backfill_jobs');
    expect(rows).toEqual([{ status: 'done', calls_written: expect.any(Number) }]);
    expect(rows[0].calls_written).toBeGreaterThanOrEqual(expected.length);
  });

  it('refuses a range wholly older than Exotel keeps, with a message that says why, and writes nothing', async () => {
    const day = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().slice(0, 10);
    const result = await runCli(['backfill', '--from', day(300 * DAY), '--to', day(250 * DAY)], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/before the oldest day Exotel still serves.*nothing in it can be loaded/);
    const { rows } = await pool.query(
      'SELECT (SELECT count(*) FROM backfill_jobs)::int AS jobs, (SELECT count(*) FROM calls)::int AS calls',
    );
    expect(rows).toEqual([{ jobs: 0, calls: 0 }]);
  });

  it('starts a range older than Exotel keeps at the oldest day it serves, with a warning, and loads it', async () => {
    const timeZone = 'Asia/Kolkata';
    const oldestBefore = oldestBackfillStart(new Date(), { timeZone });
    // Two days from the oldest served: a short load whatever today is.
    const to = new Date(oldestBefore.getTime() + 2 * DAY);
    const result = await runCli(
      ['backfill', '--from', new Date(Date.now() - 200 * DAY).toISOString(), '--to', to.toISOString()],
      env,
    );
    const oldestAfter = oldestBackfillStart(new Date(), { timeZone });
    expect(result.stderr).toMatch(
      /^exowatch: warning: the range start .* is older than the 6 months Exotel keeps call records; loading from .*, the oldest day it still serves\n$/,
    );
    expect(result.code).toBe(0);
    const { rows } = await pool.query('SELECT range_from, status FROM backfill_jobs');
    expect(rows).toHaveLength(1);
    expect([oldestBefore.getTime(), oldestAfter.getTime()]).toContain(rows[0].range_from.getTime());
    expect(rows[0].status).toBe('done');
    const from: Date = rows[0].range_from;
    expect(await comparableFromDatabase(pool, from, to)).toEqual(
      comparableFromTruth(sim.truth.iterate({ from, to })),
    );
  });

  it('two collectors started at once on one account never sync it concurrently', async () => {
    // The simulated traffic follows business hours: the last 24 hours of a Sunday hold a fraction of a
    // weekday's calls. A busier account keeps the first sync long (several pages) on any day.
    const busy = await startSimulator({
      seed: `concurrent-${Date.now()}`,
      callsPerDay: 10_000,
      rateLimitPerMinute: 0,
    });
    const slowEnv = { ...cliEnvironment(databaseUrl, busy), EXOTEL_REQUESTS_PER_MINUTE: '300' };
    const [a, b] = await Promise.all([
      runCli(['sync', '--once'], slowEnv),
      runCli(['sync', '--once'], slowEnv),
    ]);
    for (const r of [a, b]) expect(r.code).toBe(0);
    const outputs = [a.stdout, b.stdout];
    const winner = outputs.find((o) => /^synced /m.test(o));
    expect(outputs.filter((o) => /being synced by another collector/.test(o))).toHaveLength(1);
    expect(winner).toBeDefined();
    const pages = Number(/(\d+) pages/.exec(winner!)![1]);
    expect(pages).toBeGreaterThan(5);
    // Only the winner called Exotel: the loser made no request at all.
    expect(busy.stats().routes.calls?.requests).toBe(pages);
    await busy.close();
  });
});
