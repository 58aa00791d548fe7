import { scheduleJob } from 'node-schedule';
import { log } from '../log';

/**
 * Work the collector starts without awaiting it (a refresh on a schedule, a count after a sync
 * page), kept so that shutdown can wait for it: the pool is closed last, and a refresh cut off
 * between two of its transactions would fail with "Cannot use a pool after calling end on the pool"
 * on an ordinary Ctrl-C.
 */
export interface InFlight {
  /** Runs `work`, logging a failure as `<name> failed` instead of rejecting. */
  track(name: string, work: () => Promise<unknown>): Promise<void>;
  /** Resolves once everything tracked so far, and anything it started meanwhile, has settled. */
  settled(): Promise<void>;
}

export function createInFlight(): InFlight {
  const running = new Set<Promise<void>>();
  return {
    track(name, work) {
      const done: Promise<void> = Promise.resolve()
        .then(work)
        .then(
          () => undefined,
          (error: Error) => log.warn({ err: error.message }, `${name} failed`),
        )
        .finally(() => running.delete(done));
      running.add(done);
      return done;
    },
    async settled() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}

/** A refresh run on a cron schedule and on demand, one run at a time. */
export interface PeriodicTask {
  /** Starts a run, or joins the one in flight (two refreshes at once would only queue on locks). */
  runNow(): Promise<void>;
  /**
   * No run starts after this; the run in flight is told to stop through its signal (the refreshes
   * roll their batch back and leave it marked for the next start). Resolves once it has ended.
   */
  stop(): Promise<void>;
}

export function startPeriodicTask(
  name: string,
  schedule: string,
  run: (signal: AbortSignal) => Promise<unknown>,
): PeriodicTask {
  const inFlight = createInFlight();
  const stopping = new AbortController();
  let current: Promise<void> | null = null;
  const runOnce = () =>
    run(stopping.signal).catch((error: unknown) => {
      // Stopped on purpose: nothing failed, the work is redone at the next start.
      if (!stopping.signal.aborted) throw error;
    });
  const runNow = () => {
    if (stopping.signal.aborted) return Promise.resolve();
    current ??= inFlight.track(name, runOnce).finally(() => (current = null));
    return current;
  };
  const job = scheduleJob(schedule, () => void runNow());
  return {
    runNow,
    async stop() {
      job.cancel();
      stopping.abort(new Error(`${name} stopped: the collector is shutting down`));
      await inFlight.settled();
    },
  };
}
