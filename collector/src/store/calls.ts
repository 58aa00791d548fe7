import type { Queryable } from './db';
import type { CallRecord } from '../normalise/types';
import { CALL_COLUMNS } from './callColumns';

const KEY = ['sid', 'date_created'];
const names = CALL_COLUMNS.map((c) => c.name);
const updatable = names.filter((n) => !KEY.includes(n));

/**
 * One statement per batch: every column travels as one array parameter and unnest() turns them back
 * into rows, so a batch of any size costs a single round trip and a single plan.
 * A row is rewritten only when something changed, and never by an older version of itself
 * (a re-read that raced a newer one), which keeps re-reads of settled calls nearly free.
 */
const UPSERT_SQL = `
INSERT INTO calls (${names.join(', ')})
SELECT * FROM unnest(${CALL_COLUMNS.map((c, i) => `$${i + 1}::${c.arrayType}`).join(', ')})
ON CONFLICT (sid, date_created) DO UPDATE SET
  ${updatable.map((n) => `${n} = excluded.${n}`).join(',\n  ')},
  synced_at = now()
WHERE (calls.date_updated IS NULL OR excluded.date_updated IS NULL OR excluded.date_updated >= calls.date_updated)
  AND (${updatable.map((n) => `calls.${n}`).join(', ')}) IS DISTINCT FROM (${updatable.map((n) => `excluded.${n}`).join(', ')})
RETURNING sid, (xmax = 0) AS inserted`;

/**
 * Exotel may return the same call twice within one read (a record repeated across pages); one
 * INSERT … ON CONFLICT cannot touch a row twice, so keep the newest version of each call
 * (by DateUpdated; on a tie, the one read last).
 */
export function latestPerCall(records: readonly CallRecord[]): CallRecord[] {
  const bySid = new Map<string, CallRecord>();
  for (const record of records) {
    const seen = bySid.get(record.sid);
    if (!seen || (record.dateUpdated?.getTime() ?? 0) >= (seen.dateUpdated?.getTime() ?? 0)) {
      bySid.set(record.sid, record);
    }
  }
  return [...bySid.values()];
}

export interface UpsertResult {
  /** Rows inserted or changed. */
  written: number;
  /** The calls stored for the first time (counted once in exowatch_calls_total). */
  inserted: CallRecord[];
}

/** Upserts a batch of calls. */
export async function upsertCalls(client: Queryable, records: readonly CallRecord[]): Promise<UpsertResult> {
  if (records.length === 0) return { written: 0, inserted: [] };
  const batch = latestPerCall(records);
  const params = CALL_COLUMNS.map((column) => batch.map((record) => column.value(record)));
  const { rows } = await client.query<{ sid: string; inserted: boolean }>(UPSERT_SQL, params);
  const insertedSids = new Set(rows.filter((row) => row.inserted).map((row) => row.sid));
  return { written: rows.length, inserted: batch.filter((record) => insertedSids.has(record.sid)) };
}
