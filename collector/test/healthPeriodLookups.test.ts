import type { Pool, PoolClient } from 'pg';
import { buildHealthQuery } from '../src/health/healthSql';
import { listAnnotations } from '../src/query/annotations';
import { parseQueryRequest } from '../src/query/engine';
import { planRange } from '../src/querykit/plan';
import { migratedDatabase } from './harness/database';

const ZONE = 'Asia/Kolkata';
const HISTORY_START = '2026-01-01T00:00:00Z';
const DAYS = 60;
const NUMBERS = 8;
/** Per number and direction one period an hour (its start shifted within the hour), as bench data. */
const PERIODS = NUMBERS * 2 * DAYS * 24;
const DAY_FROM = new Date('2026-02-28T18:30:00Z');
const DAY_TO = new Date('2026-03-01T18:30:00Z');

/**
 * Rows of exophone_health_periods `work` read (sequential plus index fetches). Counted as a difference:
 * the backend's counts not yet flushed to the statistics (PostgreSQL 15 flushes at most once a
 * second) include earlier transactions of the session.
 */
async function periodRowsRead(pool: Pool, work: (client: PoolClient) => Promise<unknown>): Promise<number> {
  const client = await pool.connect();
  const rowsRead = async () => {
    const { rows } = await client.query<{ read: string }>(
      `SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS read
       FROM pg_stat_xact_user_tables WHERE relname = 'exophone_health_periods'`,
    );
    return Number(rows[0]!.read);
  };
  try {
    await client.query('BEGIN');
    const before = await rowsRead();
    await work(client);
    return (await rowsRead()) - before;
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

/**
 * Health lookups read the periods near their range, not the whole history before it: a day of
 * 5-minute health buckets looked the periods up per bucket through an index that bounds only the
 * start, which read all earlier periods 288 times (25–40 s with 90 days of 50 numbers).
 */
describe('ExoPhone health period lookups on real PostgreSQL', () => {
  let pool: Pool;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ pool, close } = await migratedDatabase());
    await pool.query(
      `INSERT INTO exophone_health_periods (account_sid, exophone_sid, direction, state, phone_number, started_at, ended_at)
       SELECT 'a', 'XP' || i, d, (ARRAY['healthy', 'affected', 'unknown'])[k % 3 + 1], '+91804000000' || i, s,
              lead(s) OVER (PARTITION BY i, d ORDER BY s)
       FROM (SELECT i, d, k, $1::timestamptz + make_interval(secs => k * 3600 + (k * 7 + i) % 1800) AS s
             FROM generate_series(0, ${NUMBERS - 1}) i, unnest(ARRAY['incoming', 'outgoing']) d,
                  generate_series(0, ${DAYS * 24 - 1}) k) p`,
      [HISTORY_START],
    );
    await pool.query('ANALYZE exophone_health_periods');
  });
  afterAll(() => close());

  it('a day of 5-minute health states by ExoPhone reads fewer periods than the table holds', async () => {
    const spec = parseQueryRequest(
      {
        metric: 'health_state',
        interval: '5m',
        groupBy: ['exophone'],
        from: DAY_FROM.toISOString(),
        to: DAY_TO.toISOString(),
        timeZone: ZONE,
      },
      ZONE,
    );
    const plan = planRange({ from: spec.from, to: spec.to, zone: ZONE, rollup: 'none', clean: () => true });
    const built = buildHealthQuery(spec, plan, DAY_TO.getTime());
    let buckets = 0;
    const read = await periodRowsRead(pool, async (client) => {
      buckets = (await client.query(built.text, built.values)).rowCount ?? 0;
    });
    expect(buckets).toBe(288 * NUMBERS * 2);
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(PERIODS);
  });

  it("a day's annotations read fewer periods than the table holds", async () => {
    let annotations = 0;
    const read = await periodRowsRead(pool, async (client) => {
      annotations = (await listAnnotations(client, DAY_FROM, DAY_TO, DAY_TO)).length;
    });
    expect(annotations).toBeGreaterThan(0);
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(PERIODS / 10);
  });
});
