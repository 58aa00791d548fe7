import type { ClientBase } from 'pg';
import type { Queryable } from './db';

export interface BackfillJob {
  id: string;
  accountSid: string;
  rangeFrom: Date;
  rangeTo: Date;
  windowIndex: number;
  nextCursor: string | null;
  pagesRead: number;
  callsWritten: number;
  status: 'running' | 'done';
}

/** The same account and range is the same job: running the command again resumes it. */
export function backfillJobId(accountSid: string, from: Date, to: Date): string {
  return `${accountSid}:${from.toISOString()}:${to.toISOString()}`;
}

function fromRow(row: Record<string, unknown>): BackfillJob {
  return {
    id: row.id as string,
    accountSid: row.account_sid as string,
    rangeFrom: row.range_from as Date,
    rangeTo: row.range_to as Date,
    windowIndex: row.window_index as number,
    nextCursor: row.next_cursor as string | null,
    pagesRead: row.pages_read as number,
    callsWritten: Number(row.calls_written),
    status: row.status as BackfillJob['status'],
  };
}

/**
 * Returns the job for this requested range, creating it when new. The job is keyed by the range as
 * requested, but reads only up to `now` at creation: rerunning `--to <today>` resumes the same job.
 */
export async function openBackfillJob(
  db: Queryable,
  accountSid: string,
  from: Date,
  requestedTo: Date,
  now: Date,
): Promise<BackfillJob> {
  const id = backfillJobId(accountSid, from, requestedTo);
  const { rows } = await db.query(
    `INSERT INTO backfill_jobs (id, account_sid, range_from, range_to) VALUES ($1, $2, $3, LEAST($4::timestamptz, $5::timestamptz))
     ON CONFLICT (id) DO UPDATE SET updated_at = backfill_jobs.updated_at
     RETURNING *`,
    [id, accountSid, from, requestedTo, now],
  );
  return fromRow(rows[0]);
}

/** Called in the same transaction as the page's upsert: the checkpoint and the data move together. */
export async function advanceBackfillJob(
  tx: ClientBase,
  id: string,
  position: { windowIndex: number; nextCursor: string | null; callsWritten: number; done: boolean },
): Promise<void> {
  await tx.query(
    `UPDATE backfill_jobs SET window_index = $2, next_cursor = $3, pages_read = pages_read + 1,
       calls_written = calls_written + $4, updated_at = now(),
       status = CASE WHEN $5 THEN 'done' ELSE 'running' END,
       finished_at = CASE WHEN $5 THEN now() END
     WHERE id = $1`,
    [id, position.windowIndex, position.nextCursor, position.callsWritten, position.done],
  );
}
