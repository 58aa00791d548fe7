import type { Pool } from 'pg';
import { splitWindows } from '../exotel/windows';
import { log } from '../log';
import { inTransaction } from '../store/db';
import { tryLockAccount } from '../store/accountLock';
import { markRunFailed, markRunStarted, markRunSucceeded, readSyncState } from '../store/syncState';
import type { CallSource, CallWindow } from './source';
import { writeCallPage, type SyncHooks } from './writePage';

export interface IncrementalSettings {
  rereadMinutes: number;
  fullRereadHours: number;
  initialLookbackHours: number;
}

export interface SyncAccount {
  sid: string;
  timeZone: string;
}

export interface IncrementalRun {
  outcome: 'synced' | 'locked';
  window?: CallWindow;
  fullReread?: boolean;
  pages: number;
  received: number;
  written: number;
  rejected: number;
}

const HOUR = 3_600_000;
/** Exotel keeps about six months; stay a day inside that so the oldest window is never refused. */
const OLDEST_READABLE_MS = 180 * 24 * HOUR - 24 * HOUR;

/**
 * Where this run reads from. Exotel fills Duration/Price/Status minutes after a call ends and does
 * not list calls still in progress, so every run re-reads `rereadMinutes` before the checkpoint and,
 * once an hour, the last `fullRereadHours` (long calls, late settles).
 */
export function planIncrementalWindow(
  now: Date,
  state: { syncedUntil: Date | null; lastFullRereadAt: Date | null } | null,
  settings: IncrementalSettings,
): { window: CallWindow; fullReread: boolean } {
  const fullReread = !state?.lastFullRereadAt || now.getTime() - state.lastFullRereadAt.getTime() >= HOUR;
  let from = state?.syncedUntil
    ? state.syncedUntil.getTime() - settings.rereadMinutes * 60_000
    : now.getTime() - settings.initialLookbackHours * HOUR;
  if (fullReread) from = Math.min(from, now.getTime() - settings.fullRereadHours * HOUR);
  from = Math.max(from, now.getTime() - OLDEST_READABLE_MS);
  return { window: { from: new Date(from), to: now }, fullReread };
}

/**
 * One incremental run for an account: skipped when another collector holds the account's lock,
 * otherwise reads the planned window page by page, upserting as it goes, and moves the checkpoint.
 */
export async function runIncrementalSync(
  pool: Pool,
  source: CallSource,
  account: SyncAccount,
  settings: IncrementalSettings,
  hooks: SyncHooks & { now?: () => Date } = {},
): Promise<IncrementalRun> {
  const now = hooks.now ?? (() => new Date());
  const run: IncrementalRun = { outcome: 'locked', pages: 0, received: 0, written: 0, rejected: 0 };
  const lock = await tryLockAccount(pool, account.sid);
  if (!lock) return run;
  try {
    const startedAt = now();
    await markRunStarted(pool, account.sid, startedAt);
    const state = await readSyncState(pool, account.sid);
    const plan = planIncrementalWindow(startedAt, state, settings);
    Object.assign(run, { outcome: 'synced', window: plan.window, fullReread: plan.fullReread });
    for (const window of splitWindows(plan.window.from, plan.window.to, startedAt, {
      timeZone: account.timeZone,
    })) {
      for await (const page of source.callPages(window, { details: true })) {
        const result = await inTransaction(pool, (tx) =>
          writeCallPage(tx, account.sid, account.timeZone, page),
        );
        run.pages += 1;
        run.received += result.received;
        run.written += result.written;
        run.rejected += result.rejected;
        if (result.inserted.length + result.offered.length + result.answered.length > 0)
          hooks.onCountedCalls?.({
            inserted: result.inserted,
            offered: result.offered,
            answered: result.answered,
          });
      }
    }
    await markRunSucceeded(pool, account.sid, {
      syncedUntil: plan.window.to,
      finishedAt: now(),
      callsWritten: run.written,
      fullReread: plan.fullReread,
    });
    log.info({ accountSid: account.sid, ...run }, 'incremental sync done');
    return run;
  } catch (error) {
    await markRunFailed(pool, account.sid, (error as Error).message, now()).catch(() => undefined);
    throw error;
  } finally {
    await lock.release();
  }
}
