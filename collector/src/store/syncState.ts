import type { Queryable } from './db';

export interface SyncState {
  accountSid: string;
  syncedUntil: Date | null;
  lastRunStartedAt: Date | null;
  lastSuccessAt: Date | null;
  lastFullRereadAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  callsWrittenTotal: number;
}

const SELECT = `SELECT account_sid, synced_until, last_run_started_at, last_success_at, last_full_reread_at,
  last_error, last_error_at, calls_written_total FROM sync_state`;

function fromRow(row: Record<string, unknown>): SyncState {
  return {
    accountSid: row.account_sid as string,
    syncedUntil: row.synced_until as Date | null,
    lastRunStartedAt: row.last_run_started_at as Date | null,
    lastSuccessAt: row.last_success_at as Date | null,
    lastFullRereadAt: row.last_full_reread_at as Date | null,
    lastError: row.last_error as string | null,
    lastErrorAt: row.last_error_at as Date | null,
    callsWrittenTotal: Number(row.calls_written_total),
  };
}

export async function readSyncState(db: Queryable, accountSid: string): Promise<SyncState | null> {
  const { rows } = await db.query(`${SELECT} WHERE account_sid = $1`, [accountSid]);
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function readAllSyncStates(db: Queryable): Promise<SyncState[]> {
  const { rows } = await db.query(`${SELECT} ORDER BY account_sid`);
  return rows.map(fromRow);
}

export async function markRunStarted(db: Queryable, accountSid: string, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO sync_state (account_sid, last_run_started_at) VALUES ($1, $2)
     ON CONFLICT (account_sid) DO UPDATE SET last_run_started_at = excluded.last_run_started_at`,
    [accountSid, at],
  );
}

/**
 * Records a successful run. synced_until only moves forward, so a re-read of an older window
 * never rewinds the checkpoint.
 */
export async function markRunSucceeded(
  db: Queryable,
  accountSid: string,
  run: { syncedUntil: Date; finishedAt: Date; callsWritten: number; fullReread: boolean },
): Promise<void> {
  await db.query(
    `INSERT INTO sync_state (account_sid, synced_until, last_success_at, last_full_reread_at, calls_written_total)
     VALUES ($1, $2, $3, CASE WHEN $4 THEN $3::timestamptz END, $5)
     ON CONFLICT (account_sid) DO UPDATE SET
       synced_until = GREATEST(sync_state.synced_until, excluded.synced_until),
       last_success_at = excluded.last_success_at,
       last_full_reread_at = COALESCE(excluded.last_full_reread_at, sync_state.last_full_reread_at),
       last_error = NULL,
       calls_written_total = sync_state.calls_written_total + excluded.calls_written_total`,
    [accountSid, run.syncedUntil, run.finishedAt, run.fullReread, run.callsWritten],
  );
}

export async function markRunFailed(
  db: Queryable,
  accountSid: string,
  error: string,
  at: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO sync_state (account_sid, last_error, last_error_at) VALUES ($1, $2, $3)
     ON CONFLICT (account_sid) DO UPDATE SET last_error = excluded.last_error, last_error_at = excluded.last_error_at`,
    [accountSid, error.slice(0, 2000), at],
  );
}
