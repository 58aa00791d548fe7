import { storedWaitingSql } from '../src/callbacks/callbackSql';
import { WINDOW_CAP_MS } from '../src/callbacks/match';
import { Params } from '../src/querykit/sql';
import { migratedDatabase, type MigratedDatabase } from './harness/database';

/**
 * Migration 021: the calls waiting at some instant of a range are read through the btree on
 * (open_until, missed_at), bounded on both sides by the window cap (storedWaitingSql), in place of
 * the GiST index on the span. The bounds must lose no call: a call waits at most WINDOW_CAP_MS.
 */
const END = Date.parse('2026-03-01T00:00:00Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** The stored calls waiting at some instant of [first, last]: by the bounded read, or by definition. */
async function waiting(db: MigratedDatabase, first: number, last: number, bounded: boolean) {
  const params = new Params();
  const f = params.add(iso(first), '::timestamptz');
  const l = params.add(iso(last), '::timestamptz');
  const where = `${bounded ? `${storedWaitingSql(f, l)} AND ` : ''}missed_at < ${l} AND open_until > ${f}`;
  const { rows } = await db.pool.query<{ sid: string }>(
    `SELECT sid FROM missed_calls WHERE ${where} ORDER BY sid`,
    params.values,
  );
  return rows.map((r) => r.sid);
}

/** The indexes and index conditions of the bounded read's plan (EXPLAIN FORMAT JSON). */
async function plan(db: MigratedDatabase, first: number, last: number) {
  const params = new Params();
  const f = params.add(iso(first), '::timestamptz');
  const l = params.add(iso(last), '::timestamptz');
  const { rows } = await db.pool.query<{ 'QUERY PLAN': unknown }>(
    `EXPLAIN (FORMAT JSON) SELECT * FROM missed_calls
     WHERE ${storedWaitingSql(f, l)} AND missed_at < ${l} AND open_until > ${f}`,
    params.values,
  );
  const found: { index: string; cond: string }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n['Index Name'] === 'string')
      found.push({ index: n['Index Name'], cond: String(n['Index Cond'] ?? '') });
    Object.values(n).forEach(walk);
  };
  walk(rows[0]!['QUERY PLAN']);
  return found;
}

describe('missed calls waiting within a range (migration 021)', () => {
  let db: MigratedDatabase;
  /** The instants the edge calls are built around. */
  const edge = END - 10 * DAY;
  beforeAll(async () => {
    db = await migratedDatabase();
    // 70 days of missed calls, one a minute: windows of two hours, a third called back within them,
    // and every 97th call waiting the whole cap (a calendar closed for weeks).
    await db.pool.query(
      `INSERT INTO missed_calls (sid, missed_at, customer, tags, exophone, flow, agent, period,
                                 window_ends_at, called_back_at, callback_seconds)
       SELECT 'm' || g, at, '+9170' || lpad((g % 5000)::text, 8, '0'), jsonb_build_object('team', 'T' || g % 7),
              '+918040000001', 'main', NULL, 'business_hours',
              at + CASE WHEN g % 97 = 0 THEN $2::interval ELSE interval '2 hours' END,
              CASE WHEN g % 3 = 0 THEN at + interval '20 minutes' END,
              CASE WHEN g % 3 = 0 THEN 1200 END
       FROM (SELECT g, $1::timestamptz - make_interval(mins => g) AS at FROM generate_series(1, 100800) g) s`,
      [iso(END), `${WINDOW_CAP_MS / 1000} seconds`],
    );
    // Calls at the bounds' edges around `edge`: waiting the whole cap and ending a microsecond after
    // it, missed a microsecond before it, and one that ends exactly at it (not waiting then).
    await db.pool.query(
      `INSERT INTO missed_calls (sid, missed_at, tags, period, window_ends_at)
       SELECT sid, missed_at, '{}', 'business_hours', window_ends_at FROM (VALUES
         ('edge-ends-after', $1::timestamptz - $2::interval + interval '1 microsecond', $1::timestamptz + interval '1 microsecond'),
         ('edge-missed-before', $1::timestamptz - interval '1 microsecond', $1::timestamptz - interval '1 microsecond' + $2::interval),
         ('edge-ends-at', $1::timestamptz - $2::interval, $1::timestamptz)) e(sid, missed_at, window_ends_at)`,
      [iso(edge), `${WINDOW_CAP_MS / 1000} seconds`],
    );
    await db.pool.query('VACUUM ANALYZE missed_calls');
  }, 120_000);
  afterAll(() => db.close());

  it.each([
    ['the worklist at the end', END, END],
    ['a week to the end', END - 7 * DAY, END],
    ['a week long past', END - 60 * DAY, END - 53 * DAY],
    ['the instant of the edge calls', edge, edge],
    ['a day ending at the edge calls', edge - DAY, edge],
  ])('loses no call waiting in %s', async (_, first, last) => {
    const bounded = await waiting(db, first, last, true);
    expect(bounded).toEqual(await waiting(db, first, last, false));
    expect(bounded.length).toBeGreaterThan(0);
  });

  it('counts the calls at the edges exactly', async () => {
    const at = await waiting(db, edge, edge, true);
    expect(at).toEqual(expect.arrayContaining(['edge-ends-after', 'edge-missed-before']));
    expect(at).not.toContain('edge-ends-at');
  });

  it('reads the btree on (open_until, missed_at), bounded by both', async () => {
    for (const [first, last] of [
      [END, END],
      [END - 7 * DAY, END],
    ] as const) {
      const used = await plan(db, first, last);
      expect(used.map((u) => u.index)).toEqual(['missed_calls_open_until_idx']);
      expect(used[0]!.cond).toMatch(/open_until > .*open_until < .*missed_at > .*missed_at < /s);
    }
  });

  it('has no GiST index on the span any more', async () => {
    const { rows } = await db.pool.query<{ name: string; def: string }>(
      `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def
       FROM pg_index WHERE indrelid = 'missed_calls'::regclass ORDER BY 1`,
    );
    // Migration 025: the primary key leads with missed_at; no index on missed_at alone or on tags.
    expect(rows.map((r) => r.name)).toEqual(['missed_calls_open_until_idx', 'missed_calls_pkey']);
    expect(rows.find((r) => r.name === 'missed_calls_pkey')!.def).toMatch(/btree \(missed_at, sid\)/);
    expect(rows.find((r) => r.name === 'missed_calls_open_until_idx')!.def).toMatch(
      /btree \(open_until, missed_at\)/,
    );
  });
});
