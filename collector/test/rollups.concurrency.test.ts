import type { Pool } from 'pg';
import { normaliseCall } from '../src/normalise';
import { refreshRollups } from '../src/rollups/rollups';
import { upsertCalls } from '../src/store/calls';
import { exotelCall } from './fixtures/exotelCall';
import { migratedDatabaseEachTest } from './harness/database';

/**
 * Rollup refreshes run beside writers and beside each other: every collector replica refreshes each
 * minute, a long refresh (a backfill's) can still run when the next one starts, and the sync and
 * webhooks mark slots all the while. None of them may deadlock, fail, or count a call twice.
 */
const ZONE = 'Asia/Kolkata';
const pad = (n: number) => String(n).padStart(2, '0');

/** A call started at local `day` (of November 2026), `hour`:`minute`. */
function callAt(sid: string, day: number, hour: number, minute: number) {
  return normaliseCall(
    exotelCall({
      Sid: sid,
      DateCreated: `2026-11-${pad(day)} ${pad(hour)}:${pad(minute)}:07`,
      From: `0990132${String(sid.length * 97 + minute).padStart(4, '0')}`,
      Status: minute % 3 === 0 ? 'no-answer' : 'completed',
    }),
  );
}

/** Per rollup table, its calls per bucket that differ from the calls table's count (none when exact). */
async function rollupMismatches(pool: Pool): Promise<Record<string, unknown[]>> {
  const mismatches: Record<string, unknown[]> = {};
  for (const [table, unit] of [
    ['call_rollup_hourly', 'hour'],
    ['call_rollup_daily', 'day'],
    ['call_rollup_agent_hourly', 'hour'],
    ['call_rollup_agent_daily', 'day'],
    ['call_rollup_tags_hourly', 'hour'],
    ['call_rollup_tags_daily', 'day'],
  ] as const) {
    const { rows } = await pool.query(
      `SELECT coalesce(r.bucket, c.bucket) AS bucket, r.calls AS rolled_up, c.calls AS stored
       FROM (SELECT bucket, sum(calls)::int AS calls FROM ${table} GROUP BY 1) r
       FULL JOIN (SELECT date_trunc($1, date_created, $2) AS bucket, count(*)::int AS calls FROM calls GROUP BY 1) c
         ON r.bucket = c.bucket
       WHERE r.calls IS DISTINCT FROM c.calls`,
      [unit, ZONE],
    );
    if (rows.length > 0) mismatches[table] = rows;
  }
  return mismatches;
}

async function dirtySlots(pool: Pool): Promise<number> {
  return (await pool.query('SELECT count(*)::int AS n FROM rollup_dirty_slots')).rows[0].n;
}

describe('rollup refreshes beside writers and each other (real PostgreSQL)', () => {
  const db = migratedDatabaseEachTest();

  it('several refreshes at once all succeed and leave the rollups as one would: no hour or day twice', async () => {
    const calls = [];
    for (let day = 18; day <= 21; day++)
      for (let hour = 0; hour < 24; hour++)
        for (const minute of [2, 17, 33, 48])
          calls.push(callAt(`c-${day}-${hour}-${minute}`, day, hour, minute));
    await upsertCalls(db.pool, calls);
    // Small batches, so that the refreshes interleave over the same days many times.
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => refreshRollups(db.pool, { batchSlots: 5 })),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    await refreshRollups(db.pool);
    expect(await dirtySlots(db.pool)).toBe(0);
    expect(await rollupMismatches(db.pool)).toEqual({});
  }, 120_000);

  it('never deadlocks with a writer that holds one slot of an hour it recomputes and then wants another', async () => {
    await upsertCalls(db.pool, [callAt('first-x', 20, 10, 5), callAt('first-y', 20, 10, 20)]);
    const writer = await db.pool.connect();
    try {
      await writer.query('BEGIN');
      // The writer marks slot 10:00 (and holds its dirty-slot row until it commits) …
      await upsertCalls(writer, [callAt('second-x', 20, 10, 6)]);
      // … a refresh takes slot 10:15 and recomputes the hour 10:00–11:00 …
      const refresh = refreshRollups(db.pool, { batchSlots: 1 }).then(
        () => 'refreshed',
        (error: Error) => error.message,
      );
      await settledOrWaiting(db.pool, refresh);
      // … and the writer, in the same transaction, now marks slot 10:15.
      const write = upsertCalls(writer, [callAt('second-y', 20, 10, 21)]).then(
        () => 'written',
        (error: Error) => error.message,
      );
      expect(await Promise.all([refresh, write])).toEqual(['refreshed', 'written']);
      await writer.query('COMMIT');
    } finally {
      writer.release();
    }
    await refreshRollups(db.pool);
    expect(await dirtySlots(db.pool)).toBe(0);
    expect(await rollupMismatches(db.pool)).toEqual({});
  }, 60_000);
});

/** Resolves once `work` has settled or another session of ours waits for a lock (the refresh, blocked). */
async function settledOrWaiting(pool: Pool, work: Promise<unknown>): Promise<void> {
  let settled = false;
  void work.then(() => (settled = true));
  for (let i = 0; i < 200 && !settled; i++) {
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
    );
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
