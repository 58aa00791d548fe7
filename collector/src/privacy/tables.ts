/**
 * Where exowatch stores customers' numbers in clear (docs/privacy.md, "What exowatch stores"): per
 * table, its number columns (E.164, with the text Exotel sent beside it), its recording link, its
 * stored payload and free text, and the time its rows are dated by.
 */
export interface NumberTable {
  table: string;
  /** Dates the rows in a report. */
  time: string;
  /** [E.164 column, as-sent column or null]. */
  numbers: [string, string | null][];
  recording?: string;
  /** Exotel's payload as received (jsonb). */
  payload?: string;
  /** Free text that may quote the number. */
  texts?: string[];
}

export const NUMBER_TABLES: readonly NumberTable[] = [
  {
    table: 'calls',
    time: 'date_created',
    // The sent texts are stored only when not the number's trunk form (017), which every list of a
    // number's forms has already (privacy/number.ts writtenForms, privacy_forms()).
    numbers: [
      ['from_number', 'from_sent'],
      ['to_number', 'to_sent'],
    ],
    recording: 'recording_url_sent',
    // The rest of the payload (migration 017); the From/To it rebuilds are the sent texts.
    payload: 'payload_rest',
  },
  {
    table: 'passthru_events',
    time: 'received_at',
    numbers: [
      ['call_from', 'call_from_raw'],
      ['call_to', 'call_to_raw'],
    ],
    recording: 'recording_url',
    payload: 'params',
  },
  {
    table: 'agent_events',
    time: 'received_at',
    numbers: [
      ['call_from', 'call_from_raw'],
      ['call_to', 'call_to_raw'],
    ],
    payload: 'params',
  },
  {
    table: 'status_callback_events',
    time: 'received_at',
    numbers: [
      ['from_number', 'from_number_raw'],
      ['to_number', 'to_number_raw'],
    ],
    recording: 'recording_url',
    payload: 'params',
    texts: ['custom_field'],
  },
  { table: 'missed_calls', time: 'missed_at', numbers: [['customer', null]] },
  // Records that could not be read have no number columns: the payload itself is searched.
  { table: 'rejected_calls', time: 'last_seen_at', numbers: [], payload: 'raw', texts: ['reason'] },
];

/**
 * The rows of `t` that hold the number: $1 is its E.164 form, $2 every form it is written in. Tables
 * without number columns are searched in their payload and text, with separators between the digits
 * too (privacy_holds, migration 016).
 */
export function holdsNumber(t: NumberTable): string {
  if (t.numbers.length > 0) return t.numbers.map(([e164]) => `${e164} = $1`).join(' OR ');
  const texts = [`${t.payload}::text`, ...(t.texts ?? [])];
  return texts.map((x) => `privacy_holds(${x}, $2::text[])`).join(' OR ');
}

/**
 * One UPDATE that replaces the number by $3 (its pseudonym) in `t`'s rows that hold it: number
 * columns equal to it, as-sent columns beside them, free text and payload strings containing any
 * written form ($2), and recording links dropped. The parameters are typed in a CTE, as a table may
 * not use all three.
 */
export function eraseSql(t: NumberTable): string {
  const sets: string[] = [];
  for (const [e164, raw] of t.numbers) {
    sets.push(`${e164} = CASE WHEN ${e164} = r.number THEN r.pseudonym ELSE ${e164} END`);
    if (raw) sets.push(`${raw} = CASE WHEN ${e164} = r.number THEN r.pseudonym ELSE ${raw} END`);
  }
  for (const text of t.texts ?? []) sets.push(`${text} = privacy_scrub_text(${text}, r.forms, r.pseudonym)`);
  if (t.recording) sets.push(`${t.recording} = NULL`);
  if (t.payload) sets.push(`${t.payload} = privacy_scrub(${t.payload}, r.forms, r.pseudonym)`);
  return `WITH r (number, forms, pseudonym) AS (SELECT $1::text, $2::text[], $3::text)
    UPDATE ${t.table} SET ${sets.join(', ')} FROM r
    WHERE ${holdsNumber(t).replaceAll('$1', 'r.number').replaceAll('$2::text[]', 'r.forms')}`;
}

/** Per number column (or the payload), the rows holding the number and their time span. */
export function reportSql(t: NumberTable): string {
  const parts =
    t.numbers.length > 0 ? t.numbers.map(([e164]) => [e164, `${e164} = $1`]) : [[t.payload!, holdsNumber(t)]];
  const recordings = t.recording ? `count(*) FILTER (WHERE ${t.recording} IS NOT NULL)` : '0';
  return parts
    .map(
      ([column, where]) =>
        `SELECT '${t.table}' AS "table", '${column}' AS "column", count(*)::int AS rows,
           min(${t.time}) AS first, max(${t.time}) AS last, ${recordings}::int AS recordings
         FROM ${t.table} WHERE ${where}`,
    )
    .join('\nUNION ALL\n');
}
