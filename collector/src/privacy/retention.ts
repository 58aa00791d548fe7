import type { Pool } from 'pg';
import { inTransaction } from '../store/db';

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
interface RetentionTable {
  table: string;
  key: string[];
  time: string;
  payload?: string;
  personalKeys?: string[];
  recording?: string;
  /** Free text cleared with the payload's personal fields. */
  texts?: string[];
  numbers: { column: string; raw: string | null; when?: string }[];
  /** Walked account by account, along its (account_sid, time) index. */
  byAccount?: boolean;
}

const PSEUDONYM = `'^c_[0-9a-f]{16}$'`;

const TABLES: readonly RetentionTable[] = [
  {
    table: 'calls',
    byAccount: true,
    key: ['sid', 'date_created'],
    time: 'date_created',
    payload: 'raw',
    personalKeys: ['From', 'To'],
    recording: 'recording_url',
    numbers: [
      { column: 'from_number', raw: 'from_raw', when: `t.direction = 'inbound'` },
      { column: 'to_number', raw: 'to_raw', when: `t.direction IS DISTINCT FROM 'inbound'` },
    ],
  },
  {
    table: 'passthru_events',
    byAccount: true,
    key: ['event_key'],
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
    key: ['event_key'],
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
    key: ['event_key'],
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
    key: ['sid', 'missed_at'],
    time: 'missed_at',
    numbers: [{ column: 'customer', raw: null }],
  },
  {
    table: 'rejected_calls',
    key: ['account_sid', 'payload_hash'],
    time: 'first_seen_at',
    payload: 'raw',
    personalKeys: ['From', 'To'],
    numbers: [],
  },
];

const keys = (list: string[]) => `ARRAY[${list.map((k) => `'${k}'`).join(', ')}]`;

/**
 * One batch of `t`: up to $4 of its oldest rows from $5 on (of account $6 when walked by account) that
 * still hold something past its time ($1 raw payloads, $2 recording links, $3 numbers in clear),
 * cleared in one UPDATE that returns their times.
 */
function retentionBatchSql(t: RetentionTable): string {
  const time = `t.${t.time}`;
  const needs: string[] = [];
  const sets: string[] = [];
  if (t.payload) {
    let payload = `t.${t.payload}`;
    if (t.personalKeys) {
      needs.push(`(${time} < p.raw_before AND t.${t.payload} ?| ${keys(t.personalKeys)})`);
      payload = `CASE WHEN ${time} < p.raw_before THEN ${payload} - ${keys(t.personalKeys)} ELSE ${payload} END`;
    }
    if (t.recording) {
      needs.push(`(${time} < p.recording_before AND t.${t.payload} ? 'RecordingUrl')`);
      payload = `CASE WHEN ${time} < p.recording_before THEN (${payload}) - 'RecordingUrl' ELSE ${payload} END`;
    }
    sets.push(`${t.payload} = ${payload}`);
  }
  if (t.recording) {
    needs.push(`(${time} < p.recording_before AND t.${t.recording} IS NOT NULL)`);
    sets.push(`${t.recording} = CASE WHEN ${time} < p.recording_before THEN NULL ELSE t.${t.recording} END`);
  }
  for (const text of t.texts ?? []) {
    needs.push(`(${time} < p.raw_before AND t.${text} IS NOT NULL)`);
    sets.push(`${text} = CASE WHEN ${time} < p.raw_before THEN NULL ELSE t.${text} END`);
  }
  for (const { column, raw, when } of t.numbers) {
    const value = raw ? `coalesce(t.${column}, t.${raw})` : `t.${column}`;
    const due = `${time} < p.numbers_before${when ? ` AND ${when}` : ''} AND ${value} !~ ${PSEUDONYM}`;
    needs.push(`(${due})`);
    sets.push(
      `${column} = CASE WHEN ${due} THEN reporting.pseudonym(t.${column}, p.key) ELSE t.${column} END`,
    );
    if (raw)
      sets.push(`${raw} = CASE WHEN ${due} THEN reporting.pseudonym(${value}, p.key) ELSE t.${raw} END`);
  }
  const match = t.key.map((k) => `t.${k} = b.${k}`).join(' AND ');
  return `WITH p AS (
      SELECT $1::timestamptz AS raw_before, $2::timestamptz AS recording_before,
             $3::timestamptz AS numbers_before, key FROM privacy_key
    ), b AS (
      SELECT ${t.key.map((k) => `t.${k}`).join(', ')} FROM ${t.table} t, p
      WHERE ${t.byAccount ? 't.account_sid = $6 AND ' : ''}${time} >= $5::timestamptz
        AND (${needs.join(' OR ')})
      ORDER BY ${time} LIMIT $4
    )
    UPDATE ${t.table} t SET ${sets.join(', ')} FROM b, p WHERE ${match} RETURNING ${time} AS at`;
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
  const cutoffs = [
    before(settings.rawPayloadDays),
    before(settings.recordingUrlDays),
    before(settings.numbersInClearDays),
    limit,
  ];
  const changed: Record<string, number> = {};
  for (const t of TABLES) {
    const sql = retentionBatchSql(t);
    changed[t.table] = 0;
    for (const account of t.byAccount ? await accountsOf(pool, t.table) : [null]) {
      // One pass per run: each batch starts at the time the previous one reached.
      let from = new Date(0);
      for (;;) {
        options.signal?.throwIfAborted();
        const times = await inTransaction(
          pool,
          async (tx) => {
            await tx.query(`SET LOCAL lock_timeout = '1s'`);
            await tx.query(`SET LOCAL exowatch.mark_rollup_slots = 'off'`);
            const params = [...cutoffs, from, ...(account === null ? [] : [account])];
            return (await tx.query<{ at: Date }>(sql, params)).rows.map((r) => r.at.getTime());
          },
          'BEGIN',
          options.signal,
        );
        changed[t.table] = (changed[t.table] ?? 0) + times.length;
        if (times.length < limit) break;
        from = new Date(Math.max(...times));
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
