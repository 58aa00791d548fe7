import type { Pool } from 'pg';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { startTestCluster, type TestCluster } from './harness/postgres';

/**
 * Migration 028 keeps each calendar's period by 15-minute slot (calendar_slots), filling it for the
 * calendars written before it. A slot has a period only when exactly one of the calendar's periods
 * touches it and covers it whole; a slot with a boundary or a gap inside holds NULL (the call's own
 * instant decides, rollups/facts.ts), and a slot no period touches has no row.
 */
const SLOT = 15 * 60_000;
const at = (iso: string) => Date.parse(iso);

interface Period {
  calendar: string;
  start: number;
  end: number;
  period: string;
}

// Boundaries on the slot grid and inside slots (09:05, 18:40), a gap (12:10–12:20), and a second
// calendar whose periods do not concern the first.
const PERIODS: Period[] = [
  {
    calendar: 'office',
    start: at('2026-02-02T08:00:00Z'),
    end: at('2026-02-02T09:05:00Z'),
    period: 'after_hours',
  },
  {
    calendar: 'office',
    start: at('2026-02-02T09:05:00Z'),
    end: at('2026-02-02T12:10:00Z'),
    period: 'business_hours',
  },
  {
    calendar: 'office',
    start: at('2026-02-02T12:20:00Z'),
    end: at('2026-02-02T18:40:00Z'),
    period: 'business_hours',
  },
  {
    calendar: 'office',
    start: at('2026-02-02T18:40:00Z'),
    end: at('2026-02-03T00:00:00Z'),
    period: 'holiday',
  },
  {
    calendar: 'night',
    start: at('2026-02-02T00:00:00Z'),
    end: at('2026-02-02T06:00:00Z'),
    period: 'after_hours',
  },
];

/** calendar_slots by its definition: `calendar|slot ISO` → period, null when not one whole period. */
function expectedSlots(): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const calendar of new Set(PERIODS.map((p) => p.calendar))) {
    const own = PERIODS.filter((p) => p.calendar === calendar);
    const first = Math.floor(Math.min(...own.map((p) => p.start)) / SLOT) * SLOT;
    const last = Math.max(...own.map((p) => p.end));
    for (let slot = first; slot < last; slot += SLOT) {
      const touching = own.filter((p) => p.start < slot + SLOT && p.end > slot);
      if (touching.length === 0) continue;
      const whole = touching.length === 1 && touching[0]!.start <= slot && touching[0]!.end >= slot + SLOT;
      out.set(`${calendar}|${new Date(slot).toISOString()}`, whole ? touching[0]!.period : null);
    }
  }
  return out;
}

async function storedSlots(pool: Pool): Promise<Map<string, string | null>> {
  const { rows } = await pool.query<{ calendar_id: string; slot: Date; period: string | null }>(
    'SELECT calendar_id, slot, period FROM calendar_slots ORDER BY 1, 2',
  );
  return new Map(rows.map((r) => [`${r.calendar_id}|${r.slot.toISOString()}`, r.period]));
}

describe('migration 028: calendar periods by 15-minute slot', () => {
  let cluster: TestCluster;
  let pool: Pool;

  beforeAll(async () => {
    cluster = await startTestCluster();
    pool = createPool(await cluster.freshDatabase());
    await migrate(pool, { before: '028' });
    await pool.query(`INSERT INTO calendars (id, name) VALUES ('office', 'Office'), ('night', 'Night')`);
    await pool.query(
      `INSERT INTO calendar_periods (calendar_id, start_at, end_at, period)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::text[])`,
      [
        PERIODS.map((p) => p.calendar),
        PERIODS.map((p) => new Date(p.start)),
        PERIODS.map((p) => new Date(p.end)),
        PERIODS.map((p) => p.period),
      ],
    );
    await migrate(pool);
  });
  afterAll(async () => {
    await pool.end();
    await cluster.destroy();
  });

  it('fills the slots of the calendars written before it', async () => {
    const expected = expectedSlots();
    expect(await storedSlots(pool)).toEqual(expected);
    // The cases the definition tells apart are all there.
    expect(expected.get('office|2026-02-02T09:00:00.000Z')).toBeNull();
    expect(expected.get('office|2026-02-02T09:15:00.000Z')).toBe('business_hours');
    expect(expected.get('office|2026-02-02T12:15:00.000Z')).toBeNull();
    expect(expected.has('office|2026-02-02T07:45:00.000Z')).toBe(false);
  });

  it('rewrites a calendar from the slot holding an instant on, leaving the slots before it', async () => {
    const cut = at('2026-02-02T15:07:00Z');
    await pool.query(`DELETE FROM calendar_periods WHERE calendar_id = 'office' AND start_at >= $1`, [
      new Date(cut),
    ]);
    await pool.query(
      `UPDATE calendar_periods SET end_at = $1 WHERE calendar_id = 'office' AND start_at < $1 AND end_at > $1`,
      [new Date(cut)],
    );
    await pool.query(
      `INSERT INTO calendar_periods (calendar_id, start_at, end_at, period) VALUES ('office', $1, $2, 'holiday')`,
      [new Date(cut), new Date(at('2026-02-03T00:00:00Z'))],
    );
    await pool.query(`SELECT write_calendar_slots('office', $1, 'infinity')`, [new Date(cut)]);
    const office = PERIODS.filter((p) => p.calendar === 'office' && p.start < cut).map((p) => ({
      ...p,
      end: Math.min(p.end, cut),
    }));
    PERIODS.splice(0, PERIODS.length, ...office, ...PERIODS.filter((p) => p.calendar !== 'office'), {
      calendar: 'office',
      start: cut,
      end: at('2026-02-03T00:00:00Z'),
      period: 'holiday',
    });
    expect(await storedSlots(pool)).toEqual(expectedSlots());
  });
});
