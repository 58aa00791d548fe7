import type { Pool } from 'pg';
import { Params } from '../querykit/sql';
import { inTransaction } from '../store/db';
import { absentBits } from '../normalise/payloadRest';

/** How long personal data is kept in clear (config `privacy`, docs/privacy.md "How long"). */
export interface RetentionSettings {
  /** Personal fields of stored payloads (calls.raw, webhook params, rejected records). */
  rawPayloadDays: number;
  /** Recording links (columns and payload fields). */
  recordingUrlDays: number;
  /** Customer numbers in clear; then their pseudonym. At least 32: callbacks look 31 days back. */
  numbersInClearDays: number;
}

/**
 * Per table: what retention clears, and when. `personalKeys` are the fields of Exotel's payload that
 * hold a customer's number or free text (exotel-api.md: Call Details From/To; Passthru and Connect
 * applet CallFrom/CallTo/From/To and `digits`; StatusCallback From/To/CustomField); the rest of the
 * payload (PhoneNumberSid, which migration 011 re-derives the ExoPhone from, Details, Legs, times)
 * stays. `numbers` are the customer's columns: the caller of an inbound call, the callee otherwise;
 * ExoPhones and agents are the business's and stay in clear.
 */
export interface RetentionTable {
  table: string;
  time: string;
  payload?: string;
  /**
   * The bit mask of payload fields rebuilt from columns that the stored payload no longer has (calls,
   * migration 017): removing such a field sets its bit, as the rest does not hold it.
   */
  payloadAbsent?: string;
  personalKeys?: string[];
  recording?: string;
  /** Free text cleared with the payload's personal fields. */
  texts?: string[];
  numbers: { column: string; raw: string | null; when?: string }[];
  /** Walked account by account (an index leading with account_sid lists them; the time index walks each). */
  byAccount?: boolean;
}

const PSEUDONYM = `'^c_[0-9a-f]{16}$'`;

export const RETENTION_TABLES: readonly RetentionTable[] = [
  {
    table: 'calls',
    byAccount: true,
    time: 'date_created',
    payload: 'payload_rest',
    payloadAbsent: 'payload_absent',
    personalKeys: ['From', 'To'],
    recording: 'recording_url_sent',
    // A null sent text is the number's trunk form (017): coalesce(number, sent) is the number then.
    numbers: [
      { column: 'from_number', raw: 'from_sent', when: `t.direction = 'inbound'` },
      { column: 'to_number', raw: 'to_sent', when: `t.direction IS DISTINCT FROM 'inbound'` },
    ],
  },
  {
    table: 'passthru_events',
    byAccount: true,
    time: 'received_at',
    payload: 'params',
    personalKeys: ['CallFrom', 'CallTo', 'From', 'To', 'digits'],
    recording: 'recording_url',
    texts: ['digits'],
    numbers: [
      { column: 'call_from', raw: 'call_from_raw' },
      { column: 'call_to', raw: 'call_to_raw', when: `t.direction IS DISTINCT FROM 'incoming'` },
    ],
  },
  {
    table: 'agent_events',
    time: 'received_at',
    payload: 'params',
    personalKeys: ['CallFrom', 'CallTo', 'From', 'To'],
    numbers: [
      { column: 'call_from', raw: 'call_from_raw' },
      { column: 'call_to', raw: 'call_to_raw' },
    ],
  },
  {
    table: 'status_callback_events',
    byAccount: true,
    time: 'received_at',
    payload: 'params',
    personalKeys: ['From', 'To', 'CustomField'],
    recording: 'recording_url',
    texts: ['custom_field'],
    numbers: [
      { column: 'from_number', raw: 'from_number_raw' },
      { column: 'to_number', raw: 'to_number_raw' },
    ],
  },
  {
    table: 'missed_calls',
    time: 'missed_at',
    numbers: [{ column: 'customer', raw: null }],
  },
  {
    table: 'rejected_calls',
    time: 'first_seen_at',
    payload: 'raw',
    personalKeys: ['From', 'To'],
    numbers: [],
  },
];

const keys = (list: string[]) => `ARRAY[${list.map((k) => `'${k}'`).join(', ')}]`;

/** The payload of `t` has one of `list`: stored, or rebuilt from columns (its bit not set). */
function payloadHas(t: RetentionTable, list: string[]): string {
  const stored = list.length === 1 ? `t.${t.payload} ? '${list[0]}'` : `t.${t.payload} ?| ${keys(list)}`;
  const bits = absentBits(list);
  return t.payloadAbsent && bits !== 0 ? `(${stored} OR (~t.${t.payloadAbsent} & ${bits}) <> 0)` : stored;
}

/** Where a batch starts and what it clears: the cutoffs of the three settings. */
export interface BatchBounds {
  rawBefore: Date;
  recordingBefore: Date;
  numbersBefore: Date;
  /** The time the walk has reached. */
  from: Date;
  /** The account walked, for tables walked by account. */
  account: string | null;
}

/**
 * One batch of `t`, in two statements: `pick` the time span of the next `limit` rows from `from` on
 * that still hold something past its cutoff, then `update` every such row up to that time in one
 * UPDATE that returns their times.
 *
 * The UPDATE names its rows by account and time alone, with no join: on a compressed TimescaleDB
 * chunk, an UPDATE first decompresses the compressed batches its target scan's own conditions select
 * (constants and query parameters, matched against the segmentby column and the orderby column's
 * min/max metadata); a condition that comes through a join is a run-time parameter it cannot use, so
 * a joined UPDATE decompresses every batch of every chunk it scans (tsl/src/compression/
 * compression_dml.c, decompress_chunk_plan_walker and decompress_batches_for_update_delete) and, past
 * timescaledb.max_tuples_decompressed_per_dml_transaction (100,000 by default since 2.14, src/guc.c),
 * fails. Named by account and time, a batch decompresses the compressed batches (of up to 1,000 rows,
 * TARGET_COMPRESSED_BATCH_SIZE in src/guc.h) holding its rows and the rows between them, which are
 * its own rows, in a first run, and in a daily run at most the one day between the lines of the
 * settings whose rows are done already.
 */
export function retentionBatchSql(
  t: RetentionTable,
  bounds: BatchBounds,
): { pick: (limit: number) => BatchQuery; update: (upto: Date) => BatchQuery } {
  const statement = (build: (param: (name: keyof BatchBounds) => string, params: Params) => string) => {
    const params = new Params();
    const placed = new Map<keyof BatchBounds, string>();
    const param = (name: keyof BatchBounds) => {
      if (!placed.has(name))
        placed.set(name, params.add(bounds[name], name === 'account' ? '::text' : '::timestamptz'));
      return placed.get(name)!;
    };
    return { text: build(param, params), values: params.values };
  };
  const clauses = (param: (name: keyof BatchBounds) => string) => {
    const time = `t.${t.time}`;
    const key = '(SELECT key FROM privacy_key)';
    const needs: string[] = [];
    const sets: string[] = [];
    if (t.payload) {
      let payload = `t.${t.payload}`;
      const absent = [`t.${t.payloadAbsent}`];
      const removed = (before: string, list: string[]) =>
        absent.push(`CASE WHEN ${time} < ${before} THEN ${absentBits(list)} ELSE 0 END`);
      if (t.personalKeys) {
        needs.push(`(${time} < ${param('rawBefore')} AND ${payloadHas(t, t.personalKeys)})`);
        payload = `CASE WHEN ${time} < ${param('rawBefore')} THEN ${payload} - ${keys(t.personalKeys)} ELSE ${payload} END`;
        removed(param('rawBefore'), t.personalKeys);
      }
      if (t.recording) {
        needs.push(`(${time} < ${param('recordingBefore')} AND ${payloadHas(t, ['RecordingUrl'])})`);
        payload = `CASE WHEN ${time} < ${param('recordingBefore')} THEN (${payload}) - 'RecordingUrl' ELSE ${payload} END`;
        removed(param('recordingBefore'), ['RecordingUrl']);
      }
      sets.push(`${t.payload} = ${payload}`);
      // A row stored whole (absent NULL, before 017) stays so: NULL | bits is NULL.
      if (t.payloadAbsent) sets.push(`${t.payloadAbsent} = ${absent.join(' | ')}`);
    }
    if (t.recording) {
      needs.push(`(${time} < ${param('recordingBefore')} AND t.${t.recording} IS NOT NULL)`);
      sets.push(
        `${t.recording} = CASE WHEN ${time} < ${param('recordingBefore')} THEN NULL ELSE t.${t.recording} END`,
      );
    }
    for (const text of t.texts ?? []) {
      needs.push(`(${time} < ${param('rawBefore')} AND t.${text} IS NOT NULL)`);
      sets.push(`${text} = CASE WHEN ${time} < ${param('rawBefore')} THEN NULL ELSE t.${text} END`);
    }
    for (const { column, raw, when } of t.numbers) {
      const value = raw ? `coalesce(t.${column}, t.${raw})` : `t.${column}`;
      const due = `${time} < ${param('numbersBefore')}${when ? ` AND ${when}` : ''} AND ${value} !~ ${PSEUDONYM}`;
      needs.push(`(${due})`);
      sets.push(
        `${column} = CASE WHEN ${due} THEN reporting.pseudonym(t.${column}, ${key}) ELSE t.${column} END`,
      );
      if (raw)
        sets.push(`${raw} = CASE WHEN ${due} THEN reporting.pseudonym(${value}, ${key}) ELSE t.${raw} END`);
    }
    const rows = `${t.byAccount ? `t.account_sid = ${param('account')} AND ` : ''}${time} >= ${param('from')}`;
    return { time, rows, needs: `(${needs.join(' OR ')})`, sets: sets.join(', ') };
  };
  return {
    pick: (limit) =>
      statement((param, params) => {
        const c = clauses(param);
        return `SELECT max(at) AS upto, count(*)::int AS n FROM (
            SELECT ${c.time} AS at FROM ${t.table} t WHERE ${c.rows} AND ${c.needs}
            ORDER BY ${c.time} LIMIT ${params.add(limit, '::int')}) b`;
      }),
    update: (upto) =>
      statement((param, params) => {
        const c = clauses(param);
        return `UPDATE ${t.table} t SET ${c.sets}
          WHERE ${c.rows} AND ${c.time} <= ${params.add(upto, '::timestamptz')} AND ${c.needs}
          RETURNING ${c.time} AS at`;
      }),
  };
}

interface BatchQuery {
  text: string;
  values: unknown[];
}

export interface RetentionOptions {
  now: Date;
  /** Rows per transaction. Default 500. */
  batchRows?: number;
  /** Aborting stops between batches; the batch in flight is rolled back. */
  signal?: AbortSignal;
}

const DAY_MS = 86_400_000;

/**
 * Applies the retention settings, table by table, in short transactions of `batchRows` rows. A batch
 * waits at most a second for a row lock (the sync or a webhook writing the same row): it then gives
 * up, rolled back, and the next run does it. Slots are not marked for recomputation (migration 015
 * says why). Returns the rows changed per table.
 */
export async function applyRetention(
  pool: Pool,
  settings: RetentionSettings,
  options: RetentionOptions,
): Promise<Record<string, number>> {
  const before = (days: number) => new Date(options.now.getTime() - days * DAY_MS);
  const limit = options.batchRows ?? 500;
  const cutoffs = {
    rawBefore: before(settings.rawPayloadDays),
    recordingBefore: before(settings.recordingUrlDays),
    numbersBefore: before(settings.numbersInClearDays),
  };
  const changed: Record<string, number> = {};
  for (const t of RETENTION_TABLES) {
    changed[t.table] = 0;
    for (const account of t.byAccount ? await accountsOf(pool, t.table) : [null]) {
      // One pass per run: each batch starts at the time the previous one reached.
      let from = new Date(0);
      for (;;) {
        options.signal?.throwIfAborted();
        const sql = retentionBatchSql(t, { ...cutoffs, from, account });
        const batch = await inTransaction(
          pool,
          async (tx) => {
            await tx.query(`SET LOCAL lock_timeout = '1s'`);
            await tx.query(`SET LOCAL exowatch.mark_rollup_slots = 'off'`);
            // TimescaleDB (2.14 on) fails an UPDATE that decompresses more than this many rows (100,000
            // by default, src/guc.c). A batch decompresses its rows and those between them that need
            // nothing (retentionBatchSql): at most the day between the 30- and 32-day lines of one
            // account, which a busy account can take past the default. (A placeholder elsewhere.)
            await tx.query(`SET LOCAL timescaledb.max_tuples_decompressed_per_dml_transaction = 0`);
            const { rows } = await tx.query<{ upto: Date | null; n: number }>(sql.pick(limit));
            const { upto, n } = rows[0]!;
            if (upto === null) return { picked: 0, upto: from, rows: 0 };
            const { rowCount } = await tx.query(sql.update(upto));
            return { picked: n, upto, rows: rowCount ?? 0 };
          },
          'BEGIN',
          options.signal,
        );
        changed[t.table] = (changed[t.table] ?? 0) + batch.rows;
        if (batch.picked < limit) break;
        from = batch.upto;
      }
    }
  }
  return changed;
}

/** The accounts with rows in `table`, by a skip scan of its (account_sid, …) index. */
async function accountsOf(pool: Pool, table: string): Promise<string[]> {
  const { rows } = await pool.query<{ sid: string }>(
    `WITH RECURSIVE a (sid) AS (
       SELECT min(account_sid) FROM ${table}
       UNION ALL
       SELECT (SELECT min(account_sid) FROM ${table} WHERE account_sid > a.sid) FROM a WHERE a.sid IS NOT NULL
     )
     SELECT sid FROM a WHERE sid IS NOT NULL`,
  );
  return rows.map((r) => r.sid);
}
