import { log } from '../log';
import { createInFlight, startPeriodicTask } from './backgroundWork';

/** A schedule that does not fire while a test runs: the tests start runs with runNow(). */
const NEXT_NEW_YEAR = '0 0 1 1 *';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Resolves after every pending promise callback has run. */
const drained = () => new Promise((resolve) => setImmediate(resolve));

describe('startPeriodicTask', () => {
  it('stop() resolves only once the run in flight has ended (the pool is closed after it)', async () => {
    const release = gate();
    const events: string[] = [];
    const task = startPeriodicTask('test refresh', NEXT_NEW_YEAR, async () => {
      events.push('run started');
      await release.opened;
      events.push('run ended');
    });
    void task.runNow();
    await drained();
    const stopped = task.stop().then(() => events.push('stopped'));
    await drained();
    expect(events).toEqual(['run started']);
    release.open();
    await stopped;
    expect(events).toEqual(['run started', 'run ended', 'stopped']);
  });

  it('tells the run in flight to stop, and an abort is not a failure', async () => {
    const warn = jest.spyOn(log, 'warn').mockImplementation(() => undefined);
    try {
      const task = startPeriodicTask('test refresh', NEXT_NEW_YEAR, (signal) => {
        expect(signal.aborted).toBe(false);
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      });
      const run = task.runNow();
      await drained();
      await task.stop();
      await expect(run).resolves.toBeUndefined();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('starts nothing after stop()', async () => {
    const run = jest.fn(async () => undefined);
    const task = startPeriodicTask('test refresh', NEXT_NEW_YEAR, run);
    await task.stop();
    await task.runNow();
    expect(run).not.toHaveBeenCalled();
  });

  it('joins the run in flight instead of starting a second one, and runs again once it ended', async () => {
    const release = gate();
    const run = jest.fn(() => release.opened);
    const task = startPeriodicTask('test refresh', NEXT_NEW_YEAR, run);
    const first = task.runNow();
    const second = task.runNow();
    release.open();
    await Promise.all([first, second]);
    expect(run).toHaveBeenCalledTimes(1);
    await task.runNow();
    expect(run).toHaveBeenCalledTimes(2);
    await task.stop();
  });

  it('logs a failed run under its name and keeps the schedule', async () => {
    const warn = jest.spyOn(log, 'warn').mockImplementation(() => undefined);
    try {
      let fail = true;
      const run = jest.fn(async () => {
        if (fail) throw new Error('database unreachable');
      });
      const task = startPeriodicTask('test refresh', NEXT_NEW_YEAR, run);
      await expect(task.runNow()).resolves.toBeUndefined();
      expect(warn).toHaveBeenCalledWith({ err: 'database unreachable' }, 'test refresh failed');
      fail = false;
      await task.runNow();
      expect(run).toHaveBeenCalledTimes(2);
      expect(warn).toHaveBeenCalledTimes(1);
      await task.stop();
    } finally {
      warn.mockRestore();
    }
  });
});

describe('createInFlight', () => {
  it('settles after the work tracked so far and the work it started meanwhile', async () => {
    const inFlight = createInFlight();
    const first = gate();
    const second = gate();
    const ended: string[] = [];
    void inFlight.track('first', async () => {
      await first.opened;
      void inFlight.track('second', async () => {
        await second.opened;
        ended.push('second');
      });
      ended.push('first');
    });
    let settled = false;
    const settling = inFlight.settled().then(() => (settled = true));
    first.open();
    await drained();
    expect({ ended, settled }).toEqual({ ended: ['first'], settled: false });
    second.open();
    await settling;
    expect(ended).toEqual(['first', 'second']);
  });

  it('settles at once when nothing is in flight', async () => {
    await expect(createInFlight().settled()).resolves.toBeUndefined();
  });
});
