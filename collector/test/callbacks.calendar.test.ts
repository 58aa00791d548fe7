import type { Pool } from 'pg';
import { configureCallbacks, refreshCallbacks } from '../src/callbacks/missedCalls';
import { WEEKDAYS } from '../src/calendars/calendar';
import { officeHoursCalendar, weeklyRules } from '../src/calendars/input';
import { writeCalendar } from '../src/calendars/store';
import { runQuery } from '../src/query/engine';
import { migratedDatabase } from './harness/database';

/**
 * A callback window that crosses closing time, on real PostgreSQL: two business hours from a call
 * missed at 17:30 on Monday (open until 18:00) end at 10:30 on Tuesday, so a callback at 10:15 the
 * next morning counts (105 business minutes) and one at 10:45 does not. The connections are looked up up to the last
 * window's end: a lookup bounded by wall-clock minutes would miss Tuesday's callback.
 */
const ZONE = 'Asia/Kolkata';
const ist = (local: string) => new Date(`${local}:00+05:30`);
const EXOPHONE = '+918040000001';
const CUSTOMER_A = '+919900000001';
const CUSTOMER_B = '+919900000002';
const NOW = ist('2026-01-06T12:00');

async function insertCall(
  pool: Pool,
  call: { sid: string; at: string; inbound: boolean; customer: string; status: string },
): Promise<void> {
  await pool.query(
    `INSERT INTO calls (sid, date_created, account_sid, phone_number, from_number, to_number, status, direction, leg2_status, payload_rest)
     VALUES ($1, $2, 'acme', $3, $4, $5, $6, $7, $6, '{}')`,
    [
      call.sid,
      ist(call.at),
      EXOPHONE,
      call.inbound ? call.customer : '+919811111111',
      call.inbound ? EXOPHONE : call.customer,
      call.status,
      call.inbound ? 'inbound' : 'outbound-dial',
    ],
  );
}

describe('callbacks across closing time (real PostgreSQL)', () => {
  let close: () => Promise<void>;
  let pool: Pool;

  beforeAll(async () => {
    ({ pool, close } = await migratedDatabase());
    await configureCallbacks(pool, { windowMinutes: 120, windowMinutesByTeam: {} });
    const officeHours = weeklyRules(ZONE, WEEKDAYS.slice(0, 5), { from: '09:00', to: '18:00' });
    await writeCalendar(pool, officeHoursCalendar(officeHours, new Date('2026-01-01T00:00:00Z')), NOW);
    await insertCall(pool, {
      sid: 'missed-a',
      at: '2026-01-05T17:30',
      inbound: true,
      customer: CUSTOMER_A,
      status: 'no-answer',
    });
    await insertCall(pool, {
      sid: 'missed-b',
      at: '2026-01-05T17:30',
      inbound: true,
      customer: CUSTOMER_B,
      status: 'no-answer',
    });
    await insertCall(pool, {
      sid: 'back-a',
      at: '2026-01-06T10:15',
      inbound: false,
      customer: CUSTOMER_A,
      status: 'completed',
    });
    await insertCall(pool, {
      sid: 'late-b',
      at: '2026-01-06T10:45',
      inbound: false,
      customer: CUSTOMER_B,
      status: 'completed',
    });
  });
  afterAll(async () => {
    await close();
  });

  const day = async (metric: string) =>
    (
      await runQuery(
        pool,
        {
          metric,
          interval: 'all',
          from: ist('2026-01-05T00:00').getTime(),
          to: ist('2026-01-06T00:00').getTime(),
          timeZone: ZONE,
        },
        { defaultTimeZone: ZONE, now: () => NOW },
      )
    ).frames[0]!.fields.map((f) => [f.config?.custom?.role ?? f.name, f.values[0]]);

  it('counts the next-morning callback inside the window, computed and stored alike', async () => {
    const rate = await day('callback_rate');
    const timeToCallback = await day('time_to_callback');
    expect(rate).toEqual(
      expect.arrayContaining([
        ['numerator', 1],
        ['denominator', 2],
      ]),
    );
    // p50 and p90 of the one callback: 30 business minutes on Monday, 75 on Tuesday.
    expect(timeToCallback.filter(([role]) => role === 'value').map(([, v]) => v)).toEqual([6300, 6300]);
    // Both calls still wait at Monday's end (the bucket's instant), overnight.
    const waiting = await day('missed_callbacks_open');
    expect(waiting).toEqual(expect.arrayContaining([['value', 2]]));
    await refreshCallbacks(pool);
    const { rows } = await pool.query(
      `SELECT sid, window_ends_at, called_back_at, callback_seconds FROM missed_calls ORDER BY sid`,
    );
    expect(rows).toEqual([
      {
        sid: 'missed-a',
        window_ends_at: ist('2026-01-06T10:30'),
        called_back_at: ist('2026-01-06T10:15'),
        callback_seconds: 6300,
      },
      {
        sid: 'missed-b',
        window_ends_at: ist('2026-01-06T10:30'),
        called_back_at: null,
        callback_seconds: null,
      },
    ]);
    expect([
      await day('callback_rate'),
      await day('time_to_callback'),
      await day('missed_callbacks_open'),
    ]).toEqual([rate, timeToCallback, waiting]);
  });
});
