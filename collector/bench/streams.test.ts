import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * A bench process whose background stream fails before the bench awaits it. Node ends a process on an
 * unhandled rejection, so without awaitedLater the bench would die there, its `finally` (stopping the
 * database server and the collector) never run.
 */
function benchWithEarlyFailure(wrap: boolean): { status: number | null; stdout: string } {
  const streams = join(__dirname, 'streams.ts');
  const script = `
    const { awaitedLater } = require(${JSON.stringify(streams)});
    const failing = Promise.reject(new Error('the Passthru thread exited'));
    const stream = ${wrap ? 'awaitedLater(failing)' : 'failing'};
    setTimeout(async () => {
      try { await stream; } catch (error) { console.log('awaited: ' + error.message); }
      finally { console.log('cleaned up'); }
    }, 100);`;
  const run = spawnSync(process.execPath, ['--require', 'ts-node/register/transpile-only', '-e', script], {
    cwd: join(__dirname, '..'),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout };
}

describe('awaitedLater', () => {
  it('keeps an early failure of a background stream for where the bench awaits it', () => {
    expect(benchWithEarlyFailure(true)).toEqual({
      status: 0,
      stdout: 'awaited: the Passthru thread exited\ncleaned up\n',
    });
  }, 60_000);

  it('is needed: without it the process ends at the rejection, before any clean-up', () => {
    const run = benchWithEarlyFailure(false);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
  }, 60_000);
});
