import type { OpenCallbacksResponse } from '@exowatch/contract';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { createApp } from '../src/api/app';
import { callbacksRouter } from '../src/api/callbacksRoutes';
import { configureCallbacks, refreshCallbacks } from '../src/callbacks/missedCalls';
import { countWaitingByTeam } from '../src/callbacks/waiting';
import { createCollectorMetrics } from '../src/metrics/collector';
import { createMetricsRegistry } from '../src/metrics/registry';
import { runQuery } from '../src/query/engine';
import { factsSql } from '../src/rollups/facts';
import type { Frame } from '../src/engine/frames';
import { applyTagChanges } from '../src/tags/store';
import { migratedDatabase } from './harness/database';

/**
 * Callback metrics on hand-built calls, checked two ways: against numbers worked out by hand, and
 * against a straightforward computation from the raw calls (reference() below), before and after the
 * refresh, as a late callback arrives, a call settles late and a team tag changes back-dated.
 * No calendar is stored, so windows are wall-clock minutes (calendar maths: src/callbacks/*.test.ts).
 */
const ZONE = 'Asia/Kolkata';
const X1 = '+918040000001';
const X2 = '+918040000002';
const customer = (n: number) => `+91990000000${n}`;
const ist = (hhmm: string) => new Date(`2026-01-05T${hhmm}:00+05:30`);
const NOW = ist('13:00');
const MIN = 60_000;
const VIEWER = 'viewer-token-0123456789';
const ADMIN = 'admin-token-0123456789';
const WINDOWS = { windowMinutes: 120, windowMinutesByTeam: { Sales: 60 } };

interface Call {
  sid: string;
  at: string;
  direction?: 'inbound' | 'outbound-dial';
  exophone: string;
  customer: string;
  status: string;
  leg2: string | null;
}

/** An agent's call back to `customer` from `exophone`; its second leg ends as the call does. */
const callBack = (sid: string, at: string, exophone: string, customer: string, status: string): Call => ({
  sid,
  at,
  direction: 'outbound-dial',
  exophone,
  customer,
  status,
  leg2: status,
});

const CALLS: Call[] = [
  { sid: 'm0', at: '09:30', exophone: X2, customer: customer(5), status: 'no-answer', leg2: 'no-answer' },
  { sid: 'm1', at: '10:00', exophone: X1, customer: customer(1), status: 'no-answer', leg2: 'no-answer' },
  { sid: 'm2', at: '10:05', exophone: X2, customer: customer(2), status: 'completed', leg2: null },
  { sid: 'm3', at: '10:10', exophone: X1, customer: customer(3), status: 'busy', leg2: 'busy' },
  { sid: 'm4', at: '10:20', exophone: X2, customer: customer(4), status: 'no-answer', leg2: 'no-answer' },
  callBack('o1', '10:30', X1, customer(1), 'completed'),
  callBack('o4', '10:40', X2, customer(4), 'no-answer'),
  { sid: 'm5', at: '11:00', exophone: X2, customer: customer(5), status: 'in-progress', leg2: 'in-progress' },
  { sid: 'a2', at: '11:00', exophone: X2, customer: customer(2), status: 'completed', leg2: 'completed' },
  callBack('o3', '11:30', X1, customer(3), 'completed'),
  { sid: 'm6', at: '12:30', exophone: X1, customer: customer(6), status: 'no-answer', leg2: 'no-answer' },
  { sid: 'a7', at: '12:40', exophone: X1, customer: customer(7), status: 'completed', leg2: 'completed' },
];

/** Calls with their bulk leg Details (Leg1Status, Leg2Status): a null leg2 is an IVR-only call. */
async function insertCalls(pool: Pool, calls: Call[]): Promise<void> {
  for (const c of calls) {
    const inbound = (c.direction ?? 'inbound') === 'inbound';
    await pool.query(
      `INSERT INTO calls (sid, date_created, account_sid, phone_number, from_number, to_number, status, direction,
         leg1_status, leg2_status, payload_rest)
       VALUES ($1, $2, 'acme', $3, $4, $5, $6, $7, 'completed', $8, '{}')`,
      [
        c.sid,
        ist(c.at),
        c.exophone,
        inbound ? c.customer : '+919811111111',
        inbound ? c.exophone : c.customer,
        c.status,
        c.direction ?? 'inbound',
        c.leg2,
      ],
    );
  }
}

interface Missed {
  at: number;
  team: string;
  windowEndsAt: number;
  calledBackAt: number | null;
}

/** The definitions of docs/kpis.md "Callbacks", applied to the raw calls as plainly as possible. */
async function reference(pool: Pool): Promise<Missed[]> {
  const facts = await pool.query<{
    ts: Date;
    caller: string | null;
    team: string | null;
    direction: string;
    offered: number;
    answered: number;
    ivr_only: number;
  }>(
    `SELECT ts, caller, tags ->> 'team' AS team, direction, offered, answered, ivr_only
     FROM (${factsSql({ where: 'true', measures: ['offered', 'answered', 'ivr_only'] })}) f`,
  );
  const outbound = await pool.query<{ to_number: string; date_created: Date }>(
    `SELECT to_number, date_created FROM calls WHERE direction <> 'inbound' AND status = 'completed'`,
  );
  const connections = [
    ...outbound.rows.map((r) => ({ customer: r.to_number, at: r.date_created.getTime() })),
    ...facts.rows
      .filter((f) => f.direction === 'inbound' && f.answered === 1)
      .map((f) => ({ customer: f.caller, at: f.ts.getTime() })),
  ];
  return facts.rows
    .filter((f) => f.direction === 'inbound' && (f.ivr_only === 1 || (f.offered === 1 && f.answered === 0)))
    .map((f) => {
      const at = f.ts.getTime();
      const team = f.team ?? '(none)';
      const windowEndsAt = at + (WINDOWS.windowMinutesByTeam[team as 'Sales'] ?? WINDOWS.windowMinutes) * MIN;
      const next = connections
        .filter((c) => c.customer === f.caller && c.at > at)
        .reduce<number | null>((first, c) => (first === null || c.at < first ? c.at : first), null);
      return { at, team, windowEndsAt, calledBackAt: next !== null && next <= windowEndsAt ? next : null };
    });
}

const HOUR = 3_600_000;
const BUCKETS = Array.from({ length: 24 }, (_, h) => ist('00:00').getTime() + h * HOUR);
const bucketOf = (at: number) => BUCKETS.filter((b) => b <= at).pop()!;
const percentileDisc = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.ceil(p * values.length) - 1]!;

/** What each metric must answer, hourly by team: key `time|labels` → value (zeros and nulls left out). */
function expected(missed: Missed[], now: number): Record<string, Map<string, number>> {
  const rate = new Map<string, number>();
  const ended = new Map<string, number>();
  const open = new Map<string, number>();
  const seconds = new Map<string, number[]>();
  const inc = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const m of missed) {
    const key = `${bucketOf(m.at)}|team=${m.team}`;
    if (m.windowEndsAt <= now) {
      inc(ended, key);
      if (m.calledBackAt !== null) inc(rate, key);
    }
    if (m.calledBackAt !== null)
      seconds.set(key, [...(seconds.get(key) ?? []), (m.calledBackAt - m.at) / 1000]);
    for (const start of BUCKETS.filter((b) => b < now)) {
      const t = Math.min(start + HOUR, now);
      if (m.at < t && m.windowEndsAt > t && (m.calledBackAt === null || m.calledBackAt > t))
        inc(open, `${start}|team=${m.team}`);
    }
  }
  const quantiles = new Map<string, number>();
  for (const [key, values] of seconds) {
    quantiles.set(`${key},quantile=0.5`, percentileDisc(values, 0.5));
    quantiles.set(`${key},quantile=0.9`, percentileDisc(values, 0.9));
  }
  return { called_back: rate, window_ended: ended, open, quantiles };
}

/** A frame's fields of one role as `time|labels` → value, zeros and nulls left out. */
function answered(frame: Frame, role: 'value' | 'numerator' | 'denominator'): Map<string, number> {
  const times = frame.fields[0]!.values as number[];
  const out = new Map<string, number>();
  for (const field of frame.fields.filter((f) => f.config?.custom?.role === role)) {
    const labels = Object.entries(field.labels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    field.values.forEach((v, i) => {
      if (v !== null && v !== 0) out.set(`${times[i]}|${labels}`, Number(v));
    });
  }
  return out;
}

describe('callback metrics against the raw calls', () => {
  let close: () => Promise<void>;
  let pool: Pool;
  let server: Server;
  let url: string;

  const query = async (metric: string, interval = '1h') =>
    (
      await runQuery(
        pool,
        {
          metric,
          interval,
          groupBy: ['team'],
          from: ist('00:00').getTime(),
          to: ist('00:00').getTime() + 24 * HOUR,
          timeZone: ZONE,
        },
        { defaultTimeZone: ZONE, now: () => NOW },
      )
    ).frames[0]!;

  /** Every metric equals the reference, hourly by team; returns the day totals by team for hand checks. */
  const expectExact = async () => {
    const want = expected(await reference(pool), NOW.getTime());
    const rate = await query('callback_rate');
    expect(answered(rate, 'numerator')).toEqual(want.called_back);
    expect(answered(rate, 'denominator')).toEqual(want.window_ended);
    expect(answered(await query('time_to_callback'), 'value')).toEqual(want.quantiles);
    expect(answered(await query('missed_callbacks_open'), 'value')).toEqual(want.open);
    const day = await query('callback_rate', 'all');
    const totals: Record<string, [number, number]> = {};
    const num = answered(day, 'numerator');
    for (const [key, den] of answered(day, 'denominator'))
      totals[key.split('team=')[1]!] = [num.get(key) ?? 0, den];
    return totals;
  };

  beforeAll(async () => {
    ({ pool, close } = await migratedDatabase());
    await configureCallbacks(pool, WINDOWS);
    await applyTagChanges(pool, [
      { target: X1, key: 'team', value: 'Sales', at: new Date('2026-01-01T00:00:00Z') },
      { target: X2, key: 'team', value: 'Support', at: new Date('2026-01-01T00:00:00Z') },
    ]);
    await insertCalls(pool, CALLS);
    const app = createApp({
      routers: [callbacksRouter({ pool, adminToken: ADMIN, now: () => NOW })],
      metrics: createMetricsRegistry(),
      readTokens: [VIEWER, ADMIN],
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/callbacks/open`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await close();
  });

  it('answers exactly before and after the refresh', async () => {
    // Sales (60 min): m1 called back after 30 min, m3's callback 80 min late, m6 still waiting.
    // Support (120 min): m2 called again after 55 min; m0, m4, m5 (unsettled) not called back.
    const before = await expectExact();
    expect(before).toEqual({ Sales: [1, 2], Support: [1, 4] });
    const ttc = answered(await query('time_to_callback', 'all'), 'value');
    expect([...ttc.values()].sort()).toEqual([1800, 1800, 3300, 3300]);
    expect(await refreshCallbacks(pool)).toBeGreaterThan(0);
    expect((await pool.query('SELECT count(*)::int AS n FROM callback_dirty_slots')).rows[0].n).toBe(0);
    expect((await pool.query('SELECT count(*)::int AS n FROM missed_calls')).rows[0].n).toBe(7);
    expect(await expectExact()).toEqual(before);
  });

  it('counts a callback synced late', async () => {
    await insertCalls(pool, [callBack('o4b', '11:50', X2, customer(4), 'completed')]);
    expect(await expectExact()).toEqual({ Sales: [1, 2], Support: [2, 4] });
    await refreshCallbacks(pool);
    expect(await expectExact()).toEqual({ Sales: [1, 2], Support: [2, 4] });
  });

  it('follows a call that settles late: no longer missed, and a callback of the earlier one', async () => {
    await pool.query(`UPDATE calls SET status = 'completed', leg2_status = 'completed' WHERE sid = 'm5'`);
    // m5 answered: not missed any more, and it calls m0's customer back within m0's window.
    expect(await expectExact()).toEqual({ Sales: [1, 2], Support: [3, 3] });
    await refreshCallbacks(pool);
    expect(await expectExact()).toEqual({ Sales: [1, 2], Support: [3, 3] });
  });

  it('moves missed calls and their windows with a back-dated team change', async () => {
    await applyTagChanges(pool, [
      { target: X1, key: 'team', value: 'Support', at: new Date('2026-01-03T00:00:00Z') },
    ]);
    // X1's calls now have Support's 120-minute window: m3's callback at 11:30 is in time.
    expect(await expectExact()).toEqual({ Support: [5, 5] });
    await refreshCallbacks(pool);
    expect(await expectExact()).toEqual({ Support: [5, 5] });
    expect(await countWaitingByTeam(pool, NOW.getTime())).toEqual(new Map([['Support', 1]]));
  });

  it('lists waiting calls with the customer masked unless the admin token is used', async () => {
    const get = async (token: string, query = '') => {
      const res = await fetch(url + query, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: (await res.json()) as OpenCallbacksResponse & { error?: string } };
    };
    const viewer = await get(VIEWER);
    expect(viewer.status).toBe(200);
    expect(viewer.body.callbacks).toEqual([
      {
        callSid: 'm6',
        missedAt: ist('12:30').getTime(),
        team: 'Support',
        exophone: X1,
        customer: '••••0006',
        waitedSeconds: 1800,
        windowEndsAt: ist('14:30').getTime(),
      },
    ]);
    const admin = await get(ADMIN);
    expect(admin.body.callbacks.map((c) => c.customer)).toEqual([customer(6)]);
    expect((await get(VIEWER, '?team=Sales')).body.callbacks).toEqual([]);
    expect((await get(VIEWER, '?limit=0')).status).toBe(400);
    expect((await fetch(url)).status).toBe(401);
  });

  it('exports the waiting calls per team to Prometheus, keeping a team that drops to 0', async () => {
    const metrics = createCollectorMetrics(createMetricsRegistry());
    metrics.setMissedCallbacksOpen(await countWaitingByTeam(pool, NOW.getTime()));
    expect(await metrics.registry.metrics()).toContain('exowatch_missed_callbacks_open{team="Support"} 1');
    metrics.setMissedCallbacksOpen(await countWaitingByTeam(pool, ist('15:00').getTime()));
    expect(await metrics.registry.metrics()).toContain('exowatch_missed_callbacks_open{team="Support"} 0');
  });
});
