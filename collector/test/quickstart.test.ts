import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { embeddedClusterFolder, removeEmbeddedDatabase } from '../src/store/embedded';

/**
 * The quick start as a new user runs it: a fresh clone of the committed HEAD in a 0700 folder (root's
 * home on a server), `npm start` verbatim, the README's `npx exowatch` lines, then Ctrl-C/restart
 * cycles with the signal sent to the whole process group, as a terminal does.
 */
const ROOT = join(__dirname, '..', '..');
const CYCLES = 20;

/** The commands of the README's quick start block, comments stripped. */
function quickStartCommands(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('## Quick start')[1]!;
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  return block
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

/** The README's `npx exowatch …` lines, comments stripped. */
function readmeExowatchLines(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/npx exowatch [a-z]+/g)].map((m) => m[0]);
}

interface Started {
  child: ChildProcess;
  banner: Promise<string>;
  /** Resolves with everything printed once the process has exited. */
  exited: Promise<string>;
}

function start(command: string, cwd: string, env: Record<string, string>): Started {
  const [program, ...args] = command.split(' ');
  // Its own process group, so the test can signal npm and the collector together, as Ctrl-C does.
  const child = spawn(program!, args, { cwd, env: { ...process.env, ...env }, detached: true });
  let output = '';
  const banner = new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (/StatusCallback: .+\n/.test(output)) resolve(output);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code} before it was ready:\n${output}`)));
  });
  // 'close', not 'exit': the collector (npm's child) may still be writing to the shared pipes when npm exits.
  const exited = new Promise<string>((resolve) => child.on('close', () => resolve(output)));
  return { child, banner, exited };
}

const field = (banner: string, name: string) => new RegExp(`${name}:\\s+(\\S+)`).exec(banner)![1]!;

async function countCalls(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM calls');
    return rows[0].n;
  } finally {
    await client.end();
  }
}

/** What a clean stop prints after the banner: the SIGINT line and nothing else. */
function afterBanner(output: string): string {
  return output.slice(output.lastIndexOf('StatusCallback:')).split('\n').slice(1).join('\n');
}

describe("the README's quick start, on a fresh clone in a 0700 folder", () => {
  const home = mkdtempSync(join(tmpdir(), 'exowatch-home-'));
  const clone = join(home, 'exowatch');
  const env = { EXOWATCH_PORT: '0', EXOWATCH_LOG_LEVEL: 'warn' };
  let token = '';
  let calls = 0;

  beforeAll(() => {
    chmodSync(home, 0o700);
    execFileSync('git', ['clone', '--quiet', ROOT, clone]);
  });
  afterAll(async () => {
    await removeEmbeddedDatabase(join(clone, '.data'));
    rmSync(home, { recursive: true, force: true });
  });

  it('is exactly two commands: one runs exowatch, one runs the tests', () => {
    expect(quickStartCommands()).toEqual(['npm start', 'npm test']);
  });

  it('npm start installs, builds and runs demo mode on the embedded database, with data through the API', async () => {
    const first = start(quickStartCommands()[0]!, clone, env);
    const banner = await first.banner;
    const startedAt = Date.now();
    expect(banner).toMatch(/DEMO mode/);
    const apiUrl = field(banner, 'API');
    token = field(banner, 'Viewer token');
    while (calls === 0 && Date.now() - startedAt < 60_000) {
      await new Promise((r) => setTimeout(r, 500));
      calls = await countCalls(field(banner, 'Database'));
    }
    expect(calls).toBeGreaterThan(0);
    const health = await fetch(`${apiUrl}/health`, { headers: { Authorization: `Bearer ${token}` } });
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      database: { ok: true },
      accounts: [{ accountSid: 'exowatchdemo' }],
    });
    process.kill(-first.child.pid!, 'SIGINT');
    expect(afterBanner(await first.exited).trim()).toMatch(/^[\s\S]*SIGINT: stopping…$/);
  }, 300_000);

  it("runs the README's npx exowatch lines (those needing real Exotel credentials with --help)", () => {
    const lines = readmeExowatchLines();
    expect(lines).toEqual(['npx exowatch doctor', 'npx exowatch serve']);
    for (const line of lines) {
      const [program, ...args] = `${line} --help`.split(' ');
      const help = execFileSync(program!, args, { cwd: clone, encoding: 'utf8' });
      expect(help).toMatch(new RegExp(`Usage: exowatch ${args[1]}`));
    }
  }, 120_000);

  it(`stops cleanly on Ctrl-C and comes back with the same tokens and data, ${CYCLES} times`, async () => {
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const run = start(quickStartCommands()[0]!, clone, env);
      const banner = await run.banner;
      expect(field(banner, 'Viewer token')).toBe(token);
      const now = await countCalls(field(banner, 'Database'));
      expect(now).toBeGreaterThanOrEqual(calls);
      calls = now;
      process.kill(-run.child.pid!, 'SIGINT');
      const output = await run.exited;
      expect({ cycle, after: afterBanner(output).trim() }).toEqual({ cycle, after: 'SIGINT: stopping…' });
      // The embedded server was stopped too, not left running out of the terminal's reach.
      expect(existsSync(join(embeddedClusterFolder(join(clone, '.data')), 'data', 'postmaster.pid'))).toBe(
        false,
      );
    }
  }, 300_000);
});
