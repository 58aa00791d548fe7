import { mkdtempSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { normaliseCall } from '../src/normalise';
import { upsertCalls } from '../src/store/calls';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { exotelCall } from './fixtures/exotelCall';
import { runCli } from './harness/cli';
import { scratchDirectory } from './harness/scratch';
import { startTestCluster, type TestCluster } from './harness/postgres';

/**
 * `exowatch privacy report|erase` as an operator runs them: the built CLI against a real database.
 * The call is the Call Details example of fixtures/exotelCall.ts (exotel-api.md §1.4), whose caller is
 * 09901320691.
 */
describe('exowatch privacy (CLI)', () => {
  let cluster: TestCluster;
  let pool: Pool;
  let env: Record<string, string>;

  beforeAll(async () => {
    cluster = await startTestCluster();
    const databaseUrl = await cluster.freshDatabase();
    pool = createPool(databaseUrl);
    await migrate(pool);
    await upsertCalls(pool, [
      normaliseCall(
        exotelCall({ RecordingUrl: 'https://s3-ap-southeast-1.amazonaws.com/recordings/abc123.mp3' }),
        { accountSid: 'acme' },
      ),
    ]);
    env = {
      DATABASE_URL: databaseUrl,
      EXOWATCH_DATA_DIR: mkdtempSync(join(scratchDirectory(), 'exowatch-privacy-cli-')),
    };
  });
  afterAll(async () => {
    await pool.end();
    await cluster.destroy();
  });

  it('reports, dry-runs and erases a number typed as a person would, recording the OS user', async () => {
    const report = await runCli(['privacy', 'report', '--number', '+91 99013 20691'], env);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain(
      'calls.from_number: 1 row(s) (2026-11-20T05:18:33.000Z … 2026-11-20T05:18:33.000Z), 1 recording link(s)',
    );
    expect(report.stdout).toContain('webhook journal: 0 pending event(s)');

    const dry = await runCli(['privacy', 'erase', '--number', '09901320691', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('calls: 1 row(s) would change');
    expect((await pool.query(`SELECT from_number FROM calls`)).rows).toEqual([
      { from_number: '+919901320691' },
    ]);

    const erase = await runCli(['privacy', 'erase', '--number', '9901320691'], env);
    expect(erase.code).toBe(0);
    expect(erase.stdout).toMatch(/erased: the number is now c_[0-9a-f]{16} everywhere exowatch stores it/);
    const { rows } = await pool.query(`SELECT from_number, c.recording_url FROM calls c`);
    expect(rows[0].from_number).toMatch(/^c_[0-9a-f]{16}$/);
    expect(rows[0].recording_url).toBeNull();

    const audit = await pool.query(`SELECT DISTINCT actor, via FROM audit_log`);
    expect(audit.rows).toEqual([{ actor: userInfo().username, via: 'cli' }]);
  });

  it('refuses what is not a number, with the reason and a failing exit code', async () => {
    const bad = await runCli(['privacy', 'erase', '--number', 'nobody'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"nobody" is not a phone number');
  });
});
