import type { Pool } from 'pg';
import { listAnnotations } from '../src/query/annotations';
import { migratedDatabase } from './harness/database';

describe('annotations on real PostgreSQL', () => {
  let pool: Pool;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ pool, close } = await migratedDatabase());
  });
  afterAll(() => close());

  it('orders annotations starting at the same instant by ExoPhone, direction and end, whatever order they were stored in', async () => {
    const start = '2026-01-01T10:00:00Z';
    await pool.query(
      `INSERT INTO exophone_health_periods (account_sid, exophone_sid, direction, state, phone_number, started_at, ended_at)
       VALUES ('a', 'XP2', 'incoming', 'affected', '+918040000002', $1, $1::timestamptz + interval '1 hour'),
              ('a', 'XP1', 'outgoing', 'affected', '+918040000001', $1, $1::timestamptz + interval '1 hour'),
              ('a', 'XP1', 'incoming', 'affected', '+918040000001', $1, $1::timestamptz + interval '1 hour'),
              ('a', 'XP3', 'incoming', 'unknown', '+918040000003', $1, $1::timestamptz + interval '2 hours'),
              ('a', 'XP4', 'incoming', 'unknown', '+918040000004', $1, $1::timestamptz + interval '1 hour')`,
      [start],
    );
    const annotations = await listAnnotations(
      pool,
      new Date('2026-01-01T00:00:00Z'),
      new Date('2026-01-02T00:00:00Z'),
      new Date('2026-01-02T00:00:00Z'),
    );
    expect(annotations.map((a) => [a.title, a.timeEnd - a.time])).toEqual([
      ['ExoPhone +918040000001 incoming affected', 3_600_000],
      ['ExoPhone +918040000001 outgoing affected', 3_600_000],
      ['ExoPhone +918040000002 incoming affected', 3_600_000],
      ['Heartbeat silence', 3_600_000],
      ['Heartbeat silence', 7_200_000],
    ]);
  });
});
