import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

const ROOT = join(__dirname, '..', '..');

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

interface Started {
  child: ChildProcess;
  banner: Promise<string>;
  /** Resolves with everything printed once the process has exited. */
  exited: Promise<string>;
}

function start(command: string, env: Record<string, string>): Started {
  const [program, ...args] = command.split(' ');
  // Its own process group, so the test can stop npm and the collector together, as Ctrl-C does.
  const child = spawn(program!, args, { cwd: ROOT, env: { ...process.env, ...env }, detached: true });
  let output = '';
  const banner = new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (/Webhook secret: .+\n/.test(output)) resolve(output);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code} before it was ready:\n${output}`)));
  });
  const exited = new Promise<string>((resolve) => child.on('exit', () => resolve(output)));
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

describe("the README's quick start", () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'exowatch-quickstart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is exactly two commands: one runs exowatch, one runs the tests', () => {
    expect(quickStartCommands()).toEqual(['npm start', 'npm test']);
  });

  it('runs demo mode on the embedded database with data within a minute, and keeps it across a restart', async () => {
    const env = { EXOWATCH_DATA_DIR: dataDir, EXOWATCH_PORT: '0', EXOWATCH_LOG_LEVEL: 'warn' };
    const first = start(quickStartCommands()[0]!, env);
    const banner = await first.banner;
    const startedAt = Date.now();
    expect(banner).toMatch(/DEMO mode/);
    const databaseUrl = field(banner, 'Database');
    const apiUrl = field(banner, 'API');
    const token = field(banner, 'Viewer token');

    let calls = 0;
    while (calls === 0 && Date.now() - startedAt < 60_000) {
      await new Promise((r) => setTimeout(r, 500));
      calls = await countCalls(databaseUrl);
    }
    expect(calls).toBeGreaterThan(0);
    const health = await fetch(`${apiUrl}/health`, { headers: { Authorization: `Bearer ${token}` } });
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      database: { ok: true },
      accounts: [{ accountSid: 'exowatchdemo' }],
    });

    // Ctrl-C: the collector stops its sync, API and embedded database cleanly (or the restart fails).
    process.kill(-first.child.pid!, 'SIGINT');
    expect(await first.exited).toMatch(/SIGINT: stopping/);

    const second = start(quickStartCommands()[0]!, env);
    const again = await second.banner;
    expect(field(again, 'Viewer token')).toBe(token);
    expect(await countCalls(field(again, 'Database'))).toBeGreaterThanOrEqual(calls);
    process.kill(-second.child.pid!, 'SIGINT');
    expect(await second.exited).toMatch(/SIGINT: stopping/);
  });
});
