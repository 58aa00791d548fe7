import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, until } from './processes';

describe('a server of startServer', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'exowatch-bench-server-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves when the bench that forked it is killed before stopping it', async () => {
    // A bench stand-in: starts the bare server (no database needed), says its pid, then waits.
    const webhooks = join(__dirname, 'webhooks.ts');
    const script = `
      const { startServer } = require(${JSON.stringify(webhooks)});
      startServer('bare', 'postgres://unused', ${JSON.stringify(join(dir, 'journal'))}).then(({ child, port }) => {
        console.log(JSON.stringify({ pid: child.pid, port }));
        setInterval(() => undefined, 1000);
      });`;
    const bench = spawn(process.execPath, ['--require', 'ts-node/register/transpile-only', '-e', script], {
      cwd: join(__dirname, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const started = await new Promise<{ pid: number; port: number }>((resolve, reject) => {
      bench.stdout.once('data', (line: Buffer) => resolve(JSON.parse(line.toString())));
      bench.once('exit', (code) => reject(new Error(`the bench stand-in exited (${code})`)));
    });
    const answer = await fetch(`http://127.0.0.1:${started.port}/webhooks/bench/secret/passthru`);
    expect(answer.status).toBe(200);

    bench.kill('SIGKILL');
    const left = await until(() => !alive(started.pid), 10_000);
    // A server left behind holds the stand-in's stdout open: stop it so a failure does not hang jest.
    if (!left) process.kill(started.pid, 'SIGKILL');
    expect(left).toBe(true);
  }, 60_000);
});
