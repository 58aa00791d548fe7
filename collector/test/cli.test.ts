import type { Pool } from 'pg';
import { startSimulator, type SimulatorHandle } from '../src/simulator';
import { createPool } from '../src/store/db';
import { applyTimescale, DEFAULT_TIMESCALE_SETTINGS } from '../src/store/timescale';
import { cliEnvironment, runCli } from './harness/cli';
import { startTestCluster, type TestCluster } from './harness/postgres';

const COMMANDS = ['serve', 'sync', 'backfill', 'migrate', 'simulate', 'doctor'];

describe('the exowatch CLI', () => {
  let cluster: TestCluster;
  let sim: SimulatorHandle;
  let databaseUrl: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    cluster = await startTestCluster();
    sim = await startSimulator({ seed: 'cli', callsPerDay: 500 });
    databaseUrl = await cluster.freshDatabase();
    env = cliEnvironment(databaseUrl, sim);
  });
  afterAll(async () => {
    await sim.close();
    await cluster.destroy();
  });

  it('has --help on every command', async () => {
    const top = await runCli(['--help'], {});
    expect(top.code).toBe(0);
    for (const command of COMMANDS) expect(top.stdout).toContain(command);
    for (const command of COMMANDS) {
      const help = await runCli([command, '--help'], {});
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: exowatch ${command}`, 'm'));
    }
  });

  it('migrate creates the schema on plain PostgreSQL and says TimescaleDB is not in use', async () => {
    const result = await runCli(['migrate'], env);
    expect(result.stdout).toContain('schema is up to date (plain PostgreSQL)');
    const pool: Pool = createPool(databaseUrl);
    expect(await applyTimescale(pool, DEFAULT_TIMESCALE_SETTINGS, 32)).toBe(false);
    const { rows } = await pool.query("SELECT to_regclass('calls') IS NOT NULL AS exists");
    await pool.end();
    expect(rows[0].exists).toBe(true);
  });

  it('doctor passes with good credentials and names the problem with bad ones', async () => {
    const good = await runCli(['doctor'], env);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^ok {3}database: PostgreSQL \d+/m);
    expect(good.stdout).toMatch(/^ok {3}timescaledb: not available/m);
    expect(good.stdout).toMatch(/^ok {3}clock: /m);
    expect(good.stdout).toMatch(new RegExp(`^ok {3}account ${sim.accountSid}: credentials accepted`, 'm'));

    const bad = await runCli(['doctor'], { ...env, EXOTEL_API_TOKEN: 'wrong' });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(new RegExp(`^FAIL account ${sim.accountSid}: .*EXOTEL_API_TOKEN`, 'm'));

    const noDatabase = await runCli(['doctor'], {
      ...env,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
    });
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.stdout).toMatch(
      /^FAIL database: cannot reach postgres:\/\/postgres@127\.0\.0\.1:1\/none/m,
    );
  });

  it('refuses an invalid configuration with exit code 2 and what to set', async () => {
    const result = await runCli(['sync', '--once'], {
      EXOTEL_ACCOUNT_SID: 'acme',
      EXOWATCH_DATA_DIR: env.EXOWATCH_DATA_DIR!,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Configuration is not valid/);
    expect(result.stderr).toMatch(/set EXOTEL_API_TOKEN/);
  });

  it('sync --once syncs the configured account', async () => {
    const result = await runCli(['sync', '--once'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^synced ${sim.accountSid} .* \\d+ pages, \\d+ calls read, \\d+ written, 0 rejected$`, 'm'),
    );
  });
});
