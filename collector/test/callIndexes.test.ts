import type { Pool } from 'pg';
import { RETENTION_TABLES, retentionBatchSql } from '../src/privacy/retention';
import { markTagChange } from '../src/rollups/rollups';
import { migratedDatabase, type MigratedDatabase } from './harness/database';

/**
 * Every index of `calls` earns its place: each is the one PostgreSQL picks for a read the collector
 * makes (EXPLAIN on 90 days of calls of two accounts), and no index is left that none of them uses.
 * The reads, by where they are made:
 */
const READS: Record<string, { sql: string; values: unknown[] }> = {
  // store/calls.ts upsertCalls: ON CONFLICT (sid, date_created) finds the stored version.
  upsert: {
    sql: `INSERT INTO calls (sid, date_created, account_sid, payload_rest) VALUES ($1, $2, 'acme', '{}')
          ON CONFLICT (sid, date_created) DO NOTHING`,
    values: ['c-1', '2026-01-10T10:00:00Z'],
  },
  // privacy/retention.ts: the per-account walk, a batch at a time (along the time index with the
  // account as a filter, or for a small account its rows by calls_account_idx, sorted).
  retention: (() => {
    const calls = RETENTION_TABLES.find((t) => t.table === 'calls')!;
    const pick = retentionBatchSql(calls, {
      rawBefore: new Date('2026-02-01T00:00:00Z'),
      recordingBefore: new Date('2026-02-01T00:00:00Z'),
      numbersBefore: new Date('2026-01-30T00:00:00Z'),
      from: new Date('2026-01-20T00:00:00Z'),
      account: 'small',
    }).pick(500);
    return { sql: pick.text, values: pick.values };
  })(),
  // rollups/rollups.ts markCallRanges and the refresh of a slot: the calls of a time range.
  slot: {
    sql: `SELECT DISTINCT rollup_slot(c.date_created) FROM calls c
          WHERE c.date_created >= $1 AND c.date_created < $2`,
    values: ['2026-01-10T10:00:00Z', '2026-01-10T10:15:00Z'],
  },
  // privacy/retention.ts accountsOf: the accounts with calls, by a skip scan.
  accounts: {
    sql: `SELECT min(account_sid) FROM calls WHERE account_sid > $1`,
    values: ['acme'],
  },
  // calls_exophone_slots (migration 027), the probe of each step of its skip scan: a tag or region
  // change on an ExoPhone marks the slots of its calls (rollups/rollups.ts markTagChange, the
  // exophones trigger).
  exophone: {
    sql: `SELECT rollup_slot(c.date_created) FROM calls c
          WHERE c.phone_number = $1 AND rollup_slot(c.date_created) > $2 ORDER BY 1 LIMIT 1`,
    values: ['+918040000007', '2026-01-20T00:00:00Z'],
  },
  // callbacks/missedCalls.ts: callers' later calls and the calls back to them.
  caller: {
    sql: `SELECT c.date_created FROM calls c
          WHERE c.from_number = ANY($1::text[]) AND c.direction = 'inbound' AND c.date_created > $2 AND c.date_created <= $3`,
    values: [['+917000000001', '+917000000002'], '2026-01-10T00:00:00Z', '2026-01-12T00:00:00Z'],
  },
  // The marking triggers' caller lookup (migrationSql/marking.ts, rowBounds): the slots of a caller's
  // inbound calls in the window before an instant.
  callerWindow: {
    sql: `SELECT DISTINCT rollup_slot(c.date_created) FROM calls c
          WHERE c.from_number = $1 AND c.direction = 'inbound'
            AND (c.from_number, c.date_created) >= ($1, $2::timestamptz - interval '31 days')
            AND (c.from_number, c.date_created) < ($1, $2::timestamptz)`,
    values: ['+917000000001', '2026-02-01T00:00:00Z'],
  },
  callback: {
    sql: `SELECT c.date_created FROM calls c
          WHERE c.to_number = ANY($1::text[]) AND c.direction <> 'inbound' AND c.status = 'completed'
            AND c.date_created > $2 AND c.date_created <= $3`,
    values: [['+917000000001', '+917000000002'], '2026-01-10T00:00:00Z', '2026-01-12T00:00:00Z'],
  },
};

/** The index names of a plan (EXPLAIN FORMAT JSON), arbiter indexes included. */
function indexesOf(plan: unknown): string[] {
  if (Array.isArray(plan)) return plan.flatMap(indexesOf);
  if (plan === null || typeof plan !== 'object') return [];
  return Object.entries(plan).flatMap(([key, value]) =>
    key === 'Index Name'
      ? [String(value)]
      : key === 'Conflict Arbiter Indexes'
        ? (value as string[])
        : indexesOf(value),
  );
}

async function explain(pool: Pool, read: { sql: string; values: unknown[] }): Promise<string[]> {
  const { rows } = await pool.query<{ 'QUERY PLAN': unknown }>(
    `EXPLAIN (FORMAT JSON) ${read.sql}`,
    read.values,
  );
  return indexesOf(rows[0]!['QUERY PLAN']);
}

describe('indexes of calls', () => {
  let db: MigratedDatabase;
  beforeAll(async () => {
    db = await migratedDatabase();
    // 90 days of calls of two accounts, in time order as the sync writes them: 2,000 customers,
    // 50 ExoPhones, inbound and outbound.
    // Loaded without the rollup triggers (the marks are not what is measured).
    const load = await db.pool.connect();
    await load.query('SET session_replication_role = replica');
    await load.query(
      `INSERT INTO calls (sid, date_created, account_sid, phone_number, from_number, to_number, status, direction, payload_rest, payload_absent)
       SELECT md5(g::text), ts, CASE WHEN g % 50 = 0 THEN 'small' ELSE 'acme' END, xp,
              CASE WHEN g % 3 = 0 THEN '+919800000001' ELSE customer END,
              CASE WHEN g % 3 = 0 THEN customer ELSE xp END, 'completed',
              CASE WHEN g % 3 = 0 THEN 'outbound-api' ELSE 'inbound' END, '{}', 0
       FROM (SELECT g, '2026-01-01T00:00:00Z'::timestamptz + make_interval(secs => g * 40) AS ts,
                    '+9180400000' || lpad((g % 50)::text, 2, '0') AS xp,
                    '+9170' || lpad((g * 7919 % 2000)::text, 8, '0') AS customer
             FROM generate_series(1, 200000) g) s`,
    );
    await load.query('RESET session_replication_role');
    load.release();
    await db.pool.query('VACUUM ANALYZE calls');
  }, 120_000);
  afterAll(() => db.close());

  it.each(Object.keys(READS))('%s reads calls through an index', async (name) => {
    expect((await explain(db.pool, READS[name]!)).length).toBeGreaterThan(0);
  });

  /** The slots (ISO text, ascending) a query returns in its column `slot`. */
  const slotsOf = async (sql: string, values: unknown[]) =>
    (await db.pool.query<{ slot: Date }>(sql, values)).rows.map((r) => r.slot.toISOString());
  /** By definition: the slots of the number's calls from the slot of `since` on. */
  const exophoneSlots = (number: string, since: string) =>
    slotsOf(
      `SELECT DISTINCT rollup_slot(date_created) AS slot FROM calls
       WHERE phone_number = $1 AND date_created >= rollup_slot($2) ORDER BY 1`,
      [number, since],
    );

  it.each(['-infinity', '2026-01-20T00:07:00Z', '2026-01-20T00:15:00Z', '2026-03-01T00:00:00Z'])(
    'calls_exophone_slots gives the slots of an ExoPhone’s calls from the slot of %s on',
    async (since) => {
      for (const number of ['+918040000007', '+918040000049']) {
        const skipScan = await slotsOf('SELECT slot FROM calls_exophone_slots($1, $2) slot ORDER BY 1', [
          number,
          since,
        ]);
        expect(skipScan).toEqual(await exophoneSlots(number, since));
        if (since === '-infinity') expect(skipScan.length).toBeGreaterThan(1000);
      }
      expect(await slotsOf('SELECT * FROM calls_exophone_slots(NULL, $1) slot', [since])).toEqual([]);
    },
  );

  describe('a tag or region change on an ExoPhone marks the slots of its calls', () => {
    const marked = () => slotsOf('SELECT slot FROM rollup_dirty_slots ORDER BY 1', []);
    beforeEach(() => db.pool.query('DELETE FROM rollup_dirty_slots'));

    it('by markTagChange, from the change on', async () => {
      await markTagChange(db.pool, [{ target: '+918040000049', from: new Date('2026-02-10T08:20:00Z') }]);
      expect(await marked()).toEqual(await exophoneSlots('+918040000049', '2026-02-10T08:20:00Z'));
    });

    it('by the exophones trigger, every slot of the number it had and has', async () => {
      await db.pool.query(
        `INSERT INTO exophones (account_sid, sid, phone_number, region, raw) VALUES ('acme', 'X7', '+918040000007', 'KA', '{}')`,
      );
      expect(await marked()).toEqual(await exophoneSlots('+918040000007', '-infinity'));
      await db.pool.query('DELETE FROM rollup_dirty_slots');
      await db.pool.query(`UPDATE exophones SET phone_number = '+918040000008' WHERE sid = 'X7'`);
      const both = new Set([
        ...(await exophoneSlots('+918040000007', '-infinity')),
        ...(await exophoneSlots('+918040000008', '-infinity')),
      ]);
      expect(await marked()).toEqual([...both].sort());
    });
  });

  it('has no index that none of the reads uses', async () => {
    const used = new Set<string>();
    for (const read of Object.values(READS))
      for (const index of await explain(db.pool, read)) used.add(index);
    const { rows } = await db.pool.query<{ name: string }>(
      `SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = 'calls'::regclass ORDER BY 1`,
    );
    expect([...used].sort()).toEqual(rows.map((r) => r.name));
  });
});
