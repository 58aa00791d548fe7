import { scheduleJob, type Job } from 'node-schedule';
import type { Pool } from 'pg';
import { log } from '../log';
import { runIncrementalSync, type IncrementalSettings, type SyncAccount } from './incremental';
import type { CallSource } from './source';
import type { SyncHooks } from './writePage';

export interface ScheduledAccount extends SyncAccount {
  source: CallSource;
}

export interface SyncScheduler {
  /** Runs every account now (the daemon's first run at start-up, and `sync --once`). */
  runAll(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * One node-schedule job per account on the configured cron (every minute by default). A tick that
 * finds the previous run of the same account still going is skipped rather than queued; across
 * replicas the account lock does the same job.
 */
export function startSyncScheduler(
  pool: Pool,
  accounts: readonly ScheduledAccount[],
  settings: IncrementalSettings & { schedule: string },
  hooks: SyncHooks = {},
): SyncScheduler {
  const running = new Map<string, Promise<void>>();
  let stopping = false;

  const runAccount = (account: ScheduledAccount): Promise<void> => {
    const inFlight = running.get(account.sid);
    if (inFlight) return inFlight;
    const run = runIncrementalSync(pool, account.source, account, settings, hooks)
      .then((result) => {
        if (result.outcome === 'locked')
          log.debug({ accountSid: account.sid }, 'another collector is syncing this account');
      })
      .catch((error: Error) =>
        // A run cut short by shutdown (its Exotel client closed) resumes from its checkpoint next start.
        stopping
          ? log.debug({ accountSid: account.sid, err: error.message }, 'sync run stopped by shutdown')
          : log.error({ accountSid: account.sid, err: error.message }, 'sync run failed'),
      )
      .finally(() => running.delete(account.sid));
    running.set(account.sid, run);
    return run;
  };

  const jobs: Job[] = accounts.map((account) =>
    scheduleJob(settings.schedule, () => void runAccount(account)),
  );

  return {
    async runAll() {
      await Promise.all(accounts.map(runAccount));
    },
    async stop() {
      stopping = true;
      for (const job of jobs) job.cancel();
      await Promise.all(running.values());
    },
  };
}
