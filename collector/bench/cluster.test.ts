import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { alive, until } from './processes';

describe('a bench cluster', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'is stopped and removed when the bench gets %s',
    async (signal) => {
      // A bench stand-in: starts its cluster, says where, then works on.
      const cluster = join(__dirname, 'cluster.ts');
      const script = `
        const { startBenchCluster } = require(${JSON.stringify(cluster)});
        startBenchCluster('signal').then(({ baseDir }) => {
          console.log(JSON.stringify({ baseDir }));
          setInterval(() => undefined, 1000);
        });`;
      const bench = spawn(process.execPath, ['--require', 'ts-node/register/transpile-only', '-e', script], {
        cwd: join(__dirname, '..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const { baseDir } = await new Promise<{ baseDir: string }>((resolve, reject) => {
        bench.stdout.on('data', (chunk: Buffer) => {
          const line = chunk
            .toString()
            .split('\n')
            .find((l) => l.startsWith('{'));
          if (line) resolve(JSON.parse(line));
        });
        bench.once('exit', (code) => reject(new Error(`the bench stand-in exited (${code})`)));
      });
      const postmaster = Number(readFileSync(join(baseDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      expect(alive(postmaster)).toBe(true);

      const exited = new Promise<number | null>((resolve) => bench.once('exit', resolve));
      bench.kill(signal);
      const code = await exited;
      const stopped = await until(() => !alive(postmaster), 15_000);
      const removed = !existsSync(baseDir);
      // A server left behind (the failure looked for) is stopped here, not left running.
      if (!stopped) process.kill(postmaster, 'SIGINT');
      if (!removed) rmSync(baseDir, { recursive: true, force: true });
      expect({ code, stopped, removed }).toEqual({
        code: signal === 'SIGINT' ? 130 : 143,
        stopped: true,
        removed: true,
      });
    },
    120_000,
  );
});
