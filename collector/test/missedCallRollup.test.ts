import type { Pool } from 'pg';
import { buildCallbackQuery, missedRange } from '../src/callbacks/callbackSql';
import { WINDOW_CAP_MS } from '../src/callbacks/match';
import { computeMissedRows, loadCallbackContext, refreshCallbacks } from '../src/callbacks/missedCalls';
import { missedRollupSpan, rollupReach } from '../src/callbacks/missedRollup';
import type { MissedRow } from '../src/callbacks/missedRow';
import { aliasesOf, buildFrame, type Frame } from '../src/engine/frames';
import { parseQueryRequest, runQuery } from '../src/query/engine';
import { SimulatedAccount } from '../src/simulator';
import { groundTruth } from '../src/simulator/ground-truth';
import { resolveOptions } from '../src/simulator/options';
import { migrate } from '../src/store/migrate';
import { migratedDatabase } from './harness/database';
import { storeSimulatedCalls } from './harness/simulatedCalls';

/**
 * The callback metrics read settled slots from missed_call_rollup (migration 024, callbacks/
 * missedRollup.ts) and the rest from missed_calls. Whatever the query's now, range, buckets and
 * dimensions, the answer must be the one computed from the raw calls alone, and the rollup must be
 * what answers where it can. Traffic is the simulator's (Bulk API records, as Exotel sends them).
 */
const ZONE = 'Asia/Kolkata';
const DAY1 = new Date('2026-03-02T00:00:00+05:30').getTime();
const DAY3 = new Date('2026-03-04T00:00:00+05:30').getTime();
const MIN = 60_000;
const HOUR = 60 * MIN;
const METRICS = ['callback_rate', 'time_to_callback', 'missed_callbacks_open'];
/** On the quarter-hour grid (IST is UTC+05:30), off it (10m), and one bucket for the whole range. */
const INTERVALS = ['1h', '1d', '10m', 'all'];
const RANGES = [
  { from: DAY1, to: DAY3 },
  { from: DAY1 + 7 * MIN + 13_000, to: DAY3 - 4 * MIN },
];
/** A night after the traffic (all settled), a business afternoon mid-slot, and an evening on a slot. */
const NOWS = [DAY3 + HOUR, DAY1 + 24 * HOUR + 13 * HOUR + 7.5 * MIN, DAY1 + 24 * HOUR + 19 * HOUR + 45 * MIN];

describe('missed-call rollup (migration 024)', () => {
  let close: () => Promise<void>;
  let pool: Pool;
  const account = new SimulatedAccount(
    resolveOptions({ seed: 'missed-rollup', callsPerDay: 3000, exophones: 6, teams: 3, agentsPerTeam: 4 }),
  );
  const calls = groundTruth(account, () => DAY3 + 24 * HOUR).calls({ from: DAY1, to: DAY3 });
  const SHAPES: Record<string, unknown>[] = [
    { groupBy: ['team'] },
    { groupBy: ['team', 'period'] },
    { groupBy: ['exophone'] },
    { groupBy: ['agent'] },
    { groupBy: [], filters: [{ key: 'team', values: [account.model.teams[1]!.name] }] },
  ];

  /** Every missed call of the traffic computed from the raw tables, nothing stored. */
  const rawRows = async (): Promise<MissedRow[]> =>
    computeMissedRows(pool, [[DAY1 - WINDOW_CAP_MS, DAY3]], await loadCallbackContext(pool));

  const body = (
    metric: string,
    interval: string,
    range: { from: number; to: number },
    shape = SHAPES[0],
  ) => ({
    metric,
    interval,
    ...range,
    timeZone: ZONE,
    ...shape,
  });

  /** The frame the API answers, and the one computed from `raw` through the same query on no stored row. */
  async function answers(request: Record<string, unknown>, now: number, raw: readonly MissedRow[]) {
    const spec = parseQueryRequest(request, ZONE);
    const [from, to] = missedRange(spec, now);
    const source = { dirtySlots: 'all' as const, fresh: raw.filter((r) => r.at >= from && r.at < to) };
    const built = buildCallbackQuery(spec, aliasesOf(spec.metric.series), source, now);
    const reference = buildFrame(spec, (await pool.query(built.text, built.values)).rows, []);
    const api: Frame = (await runQuery(pool, request, { defaultTimeZone: ZONE, now: () => new Date(now) }))
      .frames[0]!;
    return { api: api.fields, reference: reference.fields };
  }

  beforeAll(async () => {
    ({ pool, close } = await migratedDatabase());
    await storeSimulatedCalls(pool, account, calls, { timeZone: ZONE, taggedAt: new Date(DAY1) });
  });
  afterAll(async () => {
    await close();
  });

  it('holds every stored missed call once, settled when its last window has ended', async () => {
    const { rows } = await pool.query<{ missed: number; stored: number; called_back: number; early: number }>(
      `SELECT (SELECT sum(missed) FROM missed_call_rollup)::int AS missed,
              (SELECT count(*) FROM missed_calls)::int AS stored,
              (SELECT sum(called_back) FROM missed_call_rollup)::int AS called_back,
              (SELECT count(*) FROM missed_call_rollup r WHERE EXISTS (
                 SELECT 1 FROM missed_calls m
                 WHERE rollup_slot(m.missed_at) = r.slot AND m.tags = r.tags AND m.period = r.period
                   AND m.window_ends_at > r.settled_at))::int AS early`,
    );
    expect(rows[0]!.stored).toBeGreaterThan(500);
    expect(rows[0]!.missed).toBe(rows[0]!.stored);
    expect(rows[0]!.called_back).toBeGreaterThan(0);
    expect(rows[0]!.early).toBe(0);
  });

  it('answers every now, range, bucketing and dimension as the raw calls do', async () => {
    const raw = await rawRows();
    let compared = 0;
    for (const now of NOWS)
      for (const metric of METRICS)
        for (const interval of INTERVALS)
          for (const range of RANGES)
            for (const shape of SHAPES) {
              const { api, reference } = await answers(body(metric, interval, range, shape), now, raw);
              expect({ now, metric, interval, range, shape, fields: api }).toEqual({
                now,
                metric,
                interval,
                range,
                shape,
                fields: reference,
              });
              compared += api.length;
            }
    expect(compared).toBeGreaterThan(1000);
  });

  it('answers from the rollup up to the first slot not settled, and from the calls past it', async () => {
    const spec = (metric: string, interval: string, shape = SHAPES[0]) =>
      parseQueryRequest(body(metric, interval, RANGES[0]!, shape), ZONE);
    const afterAll = NOWS[0]!;
    expect(await missedRollupSpan(pool, rollupReach(spec('callback_rate', '1h'), afterAll))).toEqual({
      from: DAY1,
      to: DAY3,
    });
    // The afternoon: the morning's windows have ended, the last two hours' have not.
    const afternoon = NOWS[1]!;
    const span = await missedRollupSpan(pool, rollupReach(spec('time_to_callback', '1d'), afternoon));
    expect(span?.from).toBe(DAY1);
    expect(span!.to).toBeGreaterThan(afternoon - 4 * HOUR);
    expect(span!.to).toBeLessThanOrEqual(afternoon - 15 * MIN);
    // Calls still waiting count the same whenever they stop: missed_callbacks_open reads the rollup up
    // to the slot of now, which is mid-slot, less the slots with a call stopping inside that slot.
    const open = await missedRollupSpan(pool, rollupReach(spec('missed_callbacks_open', '1h'), afternoon));
    expect(open!.to).toBe(afternoon - 7.5 * MIN);
    const { rows: stopping } = await pool.query<{ slot: Date }>(
      `SELECT DISTINCT slot FROM missed_call_rollup WHERE $1::timestamptz = ANY(open_ends) AND slot < $2 ORDER BY 1`,
      [new Date(afternoon + 7.5 * MIN), new Date(open!.to)],
    );
    expect(stopping.length).toBeGreaterThan(0);
    expect(open!.rawSlots).toEqual(stopping.map((r) => r.slot.getTime()));
    // ExoPhones and agents are not kept; 10-minute buckets split slots (served up to the first split).
    expect(rollupReach(spec('callback_rate', '1h', SHAPES[2]), afterAll)).toBeNull();
    expect(rollupReach(spec('callback_rate', '1h', SHAPES[3]), afterAll)).toBeNull();
    expect(
      await missedRollupSpan(pool, rollupReach(spec('callback_rate', '1h', SHAPES[1]), afterAll)),
    ).toEqual({
      from: DAY1,
      to: DAY3,
    });
    expect(await missedRollupSpan(pool, rollupReach(spec('callback_rate', '10m'), afterAll))).toBeNull();
  });

  it('reads marked slots from the raw calls, and again from the rollup once refreshed', async () => {
    const raw = await rawRows();
    // A late callback of a missed call: its slot is marked until the refresh.
    const missed = raw.find(
      (r) => r.calledBackAt === null && r.customer !== null && r.at > DAY1 + 30 * HOUR,
    )!;
    const callback = new Date(missed.at + 20 * MIN);
    await pool.query(
      `INSERT INTO calls (sid, date_created, account_sid, phone_number, from_number, to_number, status, direction,
         leg1_status, leg2_status, payload_rest)
       VALUES ('late-callback', $1, 'acme', $2, $2, $3, 'completed', 'outbound-dial', 'completed', 'completed', '{}')`,
      [callback, missed.exophone, missed.customer],
    );
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM callback_dirty_slots');
    expect(rows[0].n).toBeGreaterThan(0);
    const after = await rawRows();
    expect(after.find((r) => r.sid === missed.sid)!.calledBackAt).toBe(callback.getTime());
    const check = async () => {
      for (const metric of METRICS) {
        const { api, reference } = await answers(body(metric, '1h', RANGES[0]!), NOWS[0]!, after);
        expect(api).toEqual(reference);
      }
    };
    await check();
    await refreshCallbacks(pool);
    await check();
  });

  it('follows every write to missed_calls, whoever makes it (a collector of an older version too)', async () => {
    const rollup = async () =>
      (await pool.query('SELECT * FROM missed_call_rollup ORDER BY slot, tags, period')).rows;
    const rebuilt = async () => {
      await pool.query(
        'SELECT missed_call_rollup_rebuild(ARRAY(SELECT DISTINCT rollup_slot(missed_at) FROM missed_calls))',
      );
      return rollup();
    };
    const { rows } = await pool.query<{ sid: string; missed_at: Date }>(
      'SELECT sid, missed_at FROM missed_calls ORDER BY missed_at LIMIT 3 OFFSET 200',
    );
    const [moved, retagged, removed] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `UPDATE missed_calls SET missed_at = missed_at + interval '3 hours' WHERE sid = $1`,
        [moved.sid],
      );
      await client.query(`UPDATE missed_calls SET tags = tags || '{"team": "Elsewhere"}' WHERE sid = $1`, [
        retagged.sid,
      ]);
      await client.query('DELETE FROM missed_calls WHERE sid = $1', [removed.sid]);
      await client.query(`UPDATE missed_calls SET customer = NULL WHERE sid = $1`, [moved.sid]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const followed = await rollup();
    expect(followed.some((r) => r.tags.team === 'Elsewhere')).toBe(true);
    expect(followed).toEqual(await rebuilt());
    await refreshCallbacks(pool);
  });

  it('is built from the stored missed calls when migration 024 runs on an older database', async () => {
    const before = await pool.query('SELECT * FROM missed_call_rollup ORDER BY slot, tags, period');
    await pool.query(`DROP TABLE missed_call_rollup;
      DROP FUNCTION missed_call_rollup_rebuild, missed_calls_rebuild_rollup, missed_calls_rebuild_rollup_row CASCADE;
      DROP AGGREGATE array_cat_agg(anycompatiblearray);
      DELETE FROM schema_migrations WHERE version = '024_missed_call_rollup'`);
    expect((await migrate(pool)).applied).toEqual(['024_missed_call_rollup']);
    const after = await pool.query('SELECT * FROM missed_call_rollup ORDER BY slot, tags, period');
    expect(after.rows.length).toBeGreaterThan(100);
    expect(after.rows).toEqual(before.rows);
  });
});
