import type { Queryable } from './db';
import type { CallRecord } from '../normalise/types';
import { CALL_COLUMNS } from './callColumns';

const KEY = ['sid', 'date_created'];
const names = CALL_COLUMNS.map((c) => c.name);
const updatable = names.filter((n) => !KEY.includes(n));

/** What the Bulk API record alone says (no Passthru): an agent leg was dialled / completed. */
const bulkOffered = (row: string) => `(${row}.direction = 'inbound' AND ${row}.leg2_status IS NOT NULL)`;
const bulkAnswered = (row: string) => `(${row}.direction = 'inbound' AND ${row}.leg2_status = 'completed')`;
/** The written row is so and its stored version was not (looked up only for updated rows that are). */
const became = (state: (row: string) => string) =>
  `(${state('calls')} AND ((xmax = 0) OR NOT EXISTS (
    SELECT 1 FROM calls p WHERE p.sid = calls.sid AND p.date_created = calls.date_created AND ${state('p')})))`;

/**
 * One statement per batch: every column travels as one array parameter and unnest() turns them back
 * into rows, so a batch of any size costs a single round trip and a single plan.
 * A row is rewritten only when something changed, and never by an older version of itself
 * (a re-read that raced a newer one), which keeps re-reads of settled calls nearly free.
 * A subquery of RETURNING still sees each row as it was before this statement (a command never sees
 * its own writes), so comparing each written row with its previous version tells the calls that became
 * offered or answered in this write: each call does so once, whatever the number of re-reads or
 * restarts.
 */
const UPSERT_SQL = `
INSERT INTO calls (${names.join(', ')})
SELECT ${CALL_COLUMNS.map((c) => (c.cast ? `${c.name}::${c.cast}` : c.name)).join(', ')}
FROM unnest(${CALL_COLUMNS.map((c, i) => `$${i + 1}::${c.arrayType}`).join(', ')}) AS batch(${names.join(', ')})
ON CONFLICT (sid, date_created) DO UPDATE SET
  ${updatable.map((n) => `${n} = excluded.${n}`).join(',\n  ')},
  synced_at = now()
WHERE (calls.date_updated IS NULL OR excluded.date_updated IS NULL OR excluded.date_updated >= calls.date_updated)
  AND (${updatable.map((n) => `calls.${n}`).join(', ')}) IS DISTINCT FROM (${updatable.map((n) => `excluded.${n}`).join(', ')})
RETURNING sid, (xmax = 0) AS inserted,
  ${became(bulkOffered)} AS became_offered,
  ${became(bulkAnswered)} AS became_answered`;

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
  /** Inbound calls whose stored record shows an agent leg for the first time (Bulk API data alone). */
  offered: CallRecord[];
  /** Inbound calls whose stored agent leg is completed for the first time. */
  answered: CallRecord[];
}

/** Upserts a batch of calls. */
export async function upsertCalls(client: Queryable, records: readonly CallRecord[]): Promise<UpsertResult> {
  if (records.length === 0) return { written: 0, inserted: [], offered: [], answered: [] };
  const batch = latestPerCall(records);
  const params = CALL_COLUMNS.map((column) => batch.map((record) => column.value(record)));
  const { rows } = await client.query<{
    sid: string;
    inserted: boolean;
    became_offered: boolean;
    became_answered: boolean;
  }>(UPSERT_SQL, params);
  const bySid = new Map(batch.map((record) => [record.sid, record]));
  const pick = (flag: (row: (typeof rows)[number]) => boolean) =>
    rows.filter(flag).map((row) => bySid.get(row.sid)!);
  return {
    written: rows.length,
    inserted: pick((row) => row.inserted),
    offered: pick((row) => row.became_offered),
    answered: pick((row) => row.became_answered),
  };
}
