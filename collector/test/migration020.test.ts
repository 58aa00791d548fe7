import type { Pool, PoolClient } from 'pg';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { startTestCluster, type TestCluster } from './harness/postgres';

const ROLLUPS = [
  'call_rollup_minute',
  'call_rollup_hourly',
  'call_rollup_daily',
  'call_rollup_agent_hourly',
  'call_rollup_agent_daily',
];
/** Past 2^31: only talk_seconds may hold it after 020. */
const LONG_TALK = 3_000_000_000;

/** Each rollup row as JSON (numbers compare equal whatever their integer type). */
async function rows(pool: Pool | PoolClient, relation: string): Promise<unknown[]> {
  const { rows: found } = await pool.query<{ row: unknown }>(
    `SELECT to_jsonb(r) AS row FROM ${relation} r ORDER BY bucket`,
  );
  return found.map((r) => r.row);
}

describe('migration 020: integer rollup counts', () => {
  let cluster: TestCluster;
  let pool: Pool;

  beforeAll(async () => {
    cluster = await startTestCluster();
    pool = createPool(await cluster.freshDatabase());
    await migrate(pool, { before: '020' });
    // One row per rollup with a distinct value in every measure (each bigint column before 020).
    for (const rollup of ROLLUPS) {
      const { rows: columns } = await pool.query<{ name: string; type: string }>(
        `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
         WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
        [rollup],
      );
      const value = (c: { name: string; type: string }, i: number): string => {
        if (c.name === 'talk_seconds') return String(LONG_TALK);
        if (c.type === 'bigint') return String(1000 + i);
        if (c.type === 'jsonb') return `'{"team": "A"}'`;
        if (c.type.startsWith('timestamp')) return `'2026-05-05T10:00:00Z'`;
        return `'x'`;
      };
      await pool.query(
        `INSERT INTO ${rollup} (${columns.map((c) => c.name).join(', ')})
         VALUES (${columns.map(value).join(', ')})`,
      );
    }
  });
  afterAll(async () => {
    await pool.end();
    await cluster.destroy();
  });

  it('keeps every value, stores counts as integer and talk time as bigint, and the reader still sees them', async () => {
    const before = new Map<string, unknown[]>();
    for (const rollup of ROLLUPS) before.set(rollup, await rows(pool, rollup));

    await migrate(pool);

    const { rows: types } = await pool.query<{ rollup: string; name: string; type: string }>(
      `SELECT attrelid::regclass::text AS rollup, attname AS name, format_type(atttypid, atttypmod) AS type
       FROM pg_attribute WHERE attrelid = ANY($1::regclass[]) AND attnum > 0 AND NOT attisdropped
         AND atttypid IN ('bigint'::regtype, 'integer'::regtype)`,
      [ROLLUPS],
    );
    for (const rollup of ROLLUPS) {
      const of = types.filter((t) => t.rollup === rollup);
      expect(of.filter((t) => t.type === 'bigint').map((t) => t.name)).toEqual(['talk_seconds']);
      expect(of.filter((t) => t.type === 'integer').length).toBeGreaterThan(25);
      expect(await rows(pool, rollup)).toEqual(before.get(rollup));
    }
    // The reporting views were made again; the read-only role keeps its grant on them.
    const reader = await pool.connect();
    try {
      await reader.query('SET ROLE exowatch_reader');
      for (const rollup of ROLLUPS)
        expect(await rows(reader, `reporting.${rollup}`)).toEqual(before.get(rollup));
    } finally {
      await reader.query('RESET ROLE');
      reader.release();
    }
  });
});
