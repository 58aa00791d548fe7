import type { Pool } from 'pg';
import { splitWindows } from '../exotel/windows';
import { inTransaction } from '../store/db';
import { tryLockAccount } from '../store/accountLock';
import { advanceBackfillJob, openBackfillJob, type BackfillJob } from '../store/backfillJobs';
import { assertBackfillRange } from './backfillRange';
import type { CallSource, CallWindow } from './source';
import type { SyncAccount } from './incremental';
import { writeCallPage } from './writePage';

export interface BackfillProgress {
  job: BackfillJob;
  windows: CallWindow[];
  /** 0…1, by how much of the range lies before the newest call read so far. */
  fraction: number;
  pages: number;
  callsWritten: number;
}

export interface BackfillOptions {
  from: Date;
  /** As requested; a future end is capped at the job's creation time (the job keeps its id). */
  to: Date;
  now?: Date;
  onProgress?: (progress: BackfillProgress) => void;
  /** How long to wait for another collector's sync of the account before giving up. */
  lockTimeoutMs?: number;
}

export class AccountBusyError extends Error {
  constructor(accountSid: string) {
    super(`account ${accountSid} is being synced by another collector; try again when it has finished`);
    this.name = 'AccountBusyError';
  }
}

/**
 * Walks the range window by window and page by page. Each page's calls and the job's new position
 * are committed in one transaction, so a backfill killed at any point resumes at the first page it
 * had not committed: nothing is skipped, and re-read pages are harmless upserts.
 * The account's sync lock is held throughout, so a backfill and the daemon's incremental sync never
 * call Exotel for the same account at once (they share one request budget).
 */
export async function runBackfill(
  pool: Pool,
  source: CallSource,
  account: SyncAccount,
  options: BackfillOptions,
): Promise<BackfillJob> {
  const now = options.now ?? new Date();
  const windowOptions = { timeZone: account.timeZone };
  assertBackfillRange(options.from, options.to, now, account.timeZone);
  const lock = await waitForLock(pool, account.sid, options.lockTimeoutMs ?? 120_000);
  try {
    let job = await openBackfillJob(pool, account.sid, options.from, options.to, now);
    // The job's own range: a `--to` in the future was capped at the time the job was created.
    const windows = splitWindows(job.rangeFrom, job.rangeTo, now, windowOptions);
    const span = job.rangeTo.getTime() - job.rangeFrom.getTime();
    const report = (reachedMs: number) =>
      options.onProgress?.({
        job,
        windows,
        fraction:
          job.status === 'done' ? 1 : Math.min(1, Math.max(0, (reachedMs - job.rangeFrom.getTime()) / span)),
        pages: job.pagesRead,
        callsWritten: job.callsWritten,
      });
    report(windows[job.windowIndex]?.from.getTime() ?? job.rangeTo.getTime());

    while (job.status !== 'done') {
      const windowIndex = job.windowIndex;
      const window = windows[windowIndex];
      if (!window)
        throw new Error(`backfill job ${job.id} points at window ${windowIndex} of ${windows.length}`);
      for await (const page of source.callPages(window, { startCursor: job.nextCursor, details: true })) {
        const lastWindow = windowIndex === windows.length - 1;
        const position = page.nextCursor
          ? { windowIndex, nextCursor: page.nextCursor, done: false }
          : { windowIndex: windowIndex + 1, nextCursor: null, done: lastWindow };
        const { written } = await inTransaction(pool, async (tx) => {
          const result = await writeCallPage(tx, account.sid, account.timeZone, page);
          await advanceBackfillJob(tx, job.id, { ...position, callsWritten: result.written });
          return result;
        });
        job = {
          ...job,
          ...position,
          status: position.done ? 'done' : 'running',
          pagesRead: job.pagesRead + 1,
          callsWritten: job.callsWritten + written,
        };
        const newest = page.calls.at(-1)?.DateCreated;
        report(
          position.nextCursor
            ? estimateReached(newest, window)
            : (windows[job.windowIndex]?.from ?? job.rangeTo).getTime(),
        );
        if (!position.nextCursor) break;
      }
      // A window whose pages ended without a page to commit (no pages at all) still moves on.
      if (job.windowIndex === windowIndex && job.status !== 'done') {
        const done = windowIndex === windows.length - 1;
        await inTransaction(pool, (tx) =>
          advanceBackfillJob(tx, job.id, {
            windowIndex: windowIndex + 1,
            nextCursor: null,
            callsWritten: 0,
            done,
          }),
        );
        job = { ...job, windowIndex: windowIndex + 1, nextCursor: null, status: done ? 'done' : 'running' };
      }
    }
    report(job.rangeTo.getTime());
    return job;
  } finally {
    await lock.release();
  }
}

/** DateCreated is account-local text; for a progress estimate reading it as UTC is close enough. */
function estimateReached(dateCreated: string | undefined, window: CallWindow): number {
  const parsed = dateCreated ? Date.parse(dateCreated.replace(' ', 'T') + 'Z') : NaN;
  return Number.isNaN(parsed) ? window.from.getTime() : Math.min(parsed, window.to.getTime());
}

async function waitForLock(pool: Pool, accountSid: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lock = await tryLockAccount(pool, accountSid);
    if (lock) return lock;
    if (Date.now() >= deadline) throw new AccountBusyError(accountSid);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
