import type { Pool } from 'pg';
import { runQuery } from '../src/query/engine';
import type { Frame } from '../src/engine/frames';
import { configureRollups, refreshRollups } from '../src/rollups/rollups';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { applyTagChanges } from '../src/tags/store';
import { startTestCluster, type TestCluster } from './harness/postgres';

/** KPI maths on a hand-built day where every answer is known (see docs/kpis.md). */
const X = '+918040000001';
const A1 = '+919800000001';
const A2 = '+919800000002';
const ist = (hhmm: string, day = '05') => new Date(`2026-01-${day}T${hhmm}:00+05:30`);

interface TestCall {
  sid: string;
  at: string;
  direction?: string;
  from: string;
  status: string;
  leg2: string | null;
  duration?: number | null;
  talk?: number | null;
  passthru?: { agent?: string; callType?: string; dialStatus?: string; flow?: string };
}

const CALLS: TestCall[] = [
  {
    sid: 'c1',
    at: '10:05',
    from: '+919900000001',
    status: 'completed',
    leg2: 'completed',
    duration: 100,
    talk: 80,
    passthru: { agent: A1, flow: '777' },
  },
  {
    sid: 'c2',
    at: '10:10',
    from: '+919900000002',
    status: 'no-answer',
    leg2: 'no-answer',
    duration: 40,
    talk: 0,
    passthru: { agent: A2, dialStatus: 'no-answer' },
  },
  {
    sid: 'c3',
    at: '10:20',
    from: '+919900000001',
    status: 'completed',
    leg2: null,
    duration: 15,
    talk: 0,
    passthru: { callType: 'call-attempt' },
  },
  { sid: 'c4', at: '10:30', from: '+919900000004', status: 'busy', leg2: 'busy', duration: 5, talk: 0 },
  {
    sid: 'c5',
    at: '10:40',
    from: '+919900000005',
    status: 'no-answer',
    leg2: 'ringing',
    duration: null,
    talk: null,
    passthru: { agent: A2, callType: 'client-hangup', dialStatus: 'canceled' },
  },
  {
    sid: 'c6',
    at: '10:50',
    from: '+919900000006',
    status: 'in-progress',
    leg2: 'in-progress',
    duration: null,
    talk: null,
  },
  {
    sid: 'c7',
    at: '11:00',
    direction: 'outbound-api',
    from: A1,
    status: 'completed',
    leg2: 'completed',
    duration: 70,
    talk: 60,
  },
  {
    sid: 'c8',
    at: '11:10',
    direction: 'outbound-dial',
    from: A2,
    status: 'no-answer',
    leg2: 'no-answer',
    duration: 30,
    talk: 0,
  },
  {
    sid: 'c9',
    at: '12:30',
    from: '+919900000009',
    status: 'completed',
    leg2: 'completed',
    duration: 60,
    talk: 10,
    passthru: { agent: A1 },
  },
  { sid: 'c11', at: '13:30', from: '+919900000011', status: 'completed', leg2: null, duration: 12, talk: 0 },
  {
    sid: 'c10',
    at: '13:10',
    from: '+919900000010',
    status: 'completed',
    leg2: 'completed',
    duration: null,
    talk: null,
    passthru: { agent: A2 },
  },
];

async function insertCalls(pool: Pool, calls: TestCall[]): Promise<void> {
  for (const c of calls) {
    const inbound = (c.direction ?? 'inbound') === 'inbound';
    await pool.query(
      `INSERT INTO calls (sid, date_created, account_sid, phone_number, from_number, to_number, status, direction,
         duration, conversation_duration, leg2_status, payload_rest)
       VALUES ($1, $2, 'acme', $3, $4, $5, $6, $7, $8, $9, $10, '{}')`,
      [
        c.sid,
        ist(c.at),
        X,
        c.from,
        inbound ? X : '+919911111111',
        c.status,
        c.direction ?? 'inbound',
        c.duration ?? null,
        c.talk ?? null,
        c.leg2,
      ],
    );
    if (c.passthru) {
      await pool.query(
        `INSERT INTO passthru_events (event_key, account_sid, call_sid, flow_id, dial_whom_number, call_type, dial_call_status, params, received_at)
         VALUES ($1, 'acme', $2, $3, $4, $5, $6, '{}', $7)`,
        [
          `e-${c.sid}`,
          c.sid,
          c.passthru.flow ?? null,
          c.passthru.agent ?? null,
          c.passthru.callType ?? null,
          c.passthru.dialStatus ?? null,
          ist(c.at),
        ],
      );
    }
  }
}

const DAY = { from: ist('00:00'), to: ist('00:00', '06'), timeZone: 'Asia/Kolkata' };

/** value fields of a frame: label text → values (and numerators/denominators by role). */
function series(
  frame: Frame,
  role: 'value' | 'numerator' | 'denominator' = 'value',
): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const f of frame.fields) {
    if (f.config?.custom?.role !== role) continue;
    out[
      Object.entries(f.labels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',')
    ] = f.values;
  }
  return out;
}

/** The hand-built day: X (team Sales, region KA), A1 (Sales, then Support from 12:00), A2 (Support). */
async function seedDay(pool: Pool): Promise<void> {
  await pool.query(
    `INSERT INTO exophones (account_sid, sid, phone_number, region, raw) VALUES ('acme', 'XSID', $1, 'KA', '{}')`,
    [X],
  );
  await applyTagChanges(pool, [
    { target: X, key: 'team', value: 'Sales', at: ist('00:00', '01') },
    { target: A1, key: 'team', value: 'Sales', at: ist('00:00', '01') },
    { target: A2, key: 'team', value: 'Support', at: ist('00:00', '01') },
    { target: A1, key: 'team', value: 'Support', at: ist('12:00') },
  ]);
  await insertCalls(pool, CALLS);
  // Health of X incoming on Jan 5: healthy, 30 min affected, 30 min unknown, healthy again.
  const periods: [string, string, string][] = [
    ['healthy', '00:00', '10:00'],
    ['affected', '10:00', '10:30'],
    ['unknown', '10:30', '11:00'],
    ['healthy', '11:00', '24:00'],
  ];
  for (const [state, s, e] of periods) {
    await pool.query(
      `INSERT INTO exophone_health_periods (account_sid, exophone_sid, direction, state, started_at, ended_at)
       VALUES ('acme', 'XSID', 'incoming', $1, $2, $3)`,
      [state, ist(s), e === '24:00' ? ist('00:00', '06') : ist(e)],
    );
  }
}

/** A fresh database holding the hand-built day, for the describe block that calls it. */
function useSeededDay(): { pool: Pool } {
  const db = {} as { pool: Pool };
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
    db.pool = createPool(await cluster.freshDatabase());
    await migrate(db.pool);
    await seedDay(db.pool);
  });
  afterAll(async () => {
    await db.pool.end();
    await cluster.destroy();
  });
  return db;
}

describe('KPI maths on real PostgreSQL', () => {
  const db = useSeededDay();
  const q = async (body: Record<string, unknown>) =>
    (
      await runQuery(db.pool, JSON.parse(JSON.stringify({ ...DAY, interval: '1d', ...body })) as unknown, {
        defaultTimeZone: 'Asia/Kolkata',
        now: () => ist('00:00', '09'),
      })
    ).frames[0]!;
  /** Runs a query on the raw tables (everything dirty) and again on fresh rollups: both must agree. */
  const both = async (body: Record<string, unknown>) => {
    await db.pool.query(
      `INSERT INTO rollup_dirty_slots (slot) SELECT DISTINCT rollup_slot(date_created) FROM calls ON CONFLICT DO NOTHING`,
    );
    await db.pool.query(
      `INSERT INTO health_dirty_ranges (range_from, range_to) VALUES ('-infinity', 'infinity')`,
    );
    const raw = await q(body);
    await refreshRollups(db.pool, { now: ist('00:00', '09') });
    const rolled = await q(body);
    expect(rolled).toEqual(raw);
    return rolled;
  };

  it('counts offered, answered, IVR-only and missed by reason (with and without Passthru data)', async () => {
    expect(series(await both({ metric: 'offered' }))).toEqual({ '': [7] });
    expect(series(await both({ metric: 'answered' }))).toEqual({ '': [3] });
    expect(series(await both({ metric: 'ivr_only' }))).toEqual({ '': [2] });
    expect(series(await both({ metric: 'missed' }))).toEqual({
      'reason=no-answer': [1],
      'reason=busy': [1],
      'reason=failed': [0],
      'reason=caller-hangup': [1],
      'reason=unsettled': [1],
    });
  });

  it('computes pickup rate by team from agent tags overlaid on ExoPhone tags, as of each call', async () => {
    const frame = await both({ metric: 'pickup_rate', groupBy: ['team'] });
    expect(series(frame)).toEqual({ 'team=Sales': [1 / 3], 'team=Support': [2 / 4] });
    expect(series(frame, 'numerator')).toEqual({ 'team=Sales': [1], 'team=Support': [2] });
    expect(series(frame, 'denominator')).toEqual({ 'team=Sales': [3], 'team=Support': [4] });
    const hourly = await both({
      metric: 'pickup_rate',
      interval: '1h',
      from: ist('10:00'),
      to: ist('14:00'),
    });
    expect(series(hourly)).toEqual({ '': [1 / 5, null, 1, 1] });
  });

  it('computes completion rate per direction, talk-time AHT, repeat callers and calls by status', async () => {
    expect(series(await both({ metric: 'completion_rate' }))).toEqual({
      'direction=inbound': [5 / 9],
      'direction=outbound-api': [1],
      'direction=outbound-dial': [0],
    });
    expect(series(await both({ metric: 'avg_talk_time' }))).toEqual({ '': [90 / 3] });
    expect(series(await both({ metric: 'repeat_caller_rate' }))).toEqual({ '': [1 / 9] });
    expect(
      series(
        await both({
          metric: 'calls',
          groupBy: ['status'],
          filters: [{ key: 'status', op: 'not_in', values: ['failed'] }],
        }),
      ),
    ).toEqual({
      'status=completed': [6],
      'status=busy': [1],
      'status=no-answer': [3],
      'status=other': [1],
    });
    expect(
      series(
        await both({
          metric: 'calls',
          groupBy: ['direction'],
          filters: [{ key: 'direction', values: ['outbound-api', 'outbound-dial'] }],
        }),
      ),
    ).toEqual({
      'direction=outbound-api': [1],
      'direction=outbound-dial': [1],
    });
  });

  it('computes pickup rate by agent, and by agent within a team as of each call', async () => {
    const byAgent = await both({ metric: 'pickup_rate', groupBy: ['agent'] });
    expect(series(byAgent, 'numerator')).toEqual({
      [`agent=${A1}`]: [2],
      [`agent=${A2}`]: [1],
      'agent=(none)': [0],
    });
    expect(series(byAgent, 'denominator')).toEqual({
      [`agent=${A1}`]: [2],
      [`agent=${A2}`]: [3],
      'agent=(none)': [2],
    });
    const support = await both({
      metric: 'pickup_rate',
      interval: '1h',
      from: ist('10:00'),
      to: ist('14:00'),
      groupBy: ['agent'],
      filters: [{ key: 'team', values: ['Support'] }],
    });
    expect(series(support)).toEqual({
      [`agent=${A1}`]: [null, null, 1, null],
      [`agent=${A2}`]: [0, null, null, 1],
    });
    const a1 = await both({
      metric: 'calls',
      groupBy: ['direction'],
      filters: [{ key: 'agent', values: [A1] }],
    });
    expect(series(a1)).toEqual({ 'direction=inbound': [2], 'direction=outbound-api': [1] });
    // ExoPhone and agent together are not in one rollup: answered from the raw tables, still right.
    const both2 = await both({ metric: 'offered', groupBy: ['agent', 'exophone'] });
    expect(series(both2)).toEqual({
      [`agent=${A1},exophone=${X}`]: [2],
      [`agent=${A2},exophone=${X}`]: [3],
      [`agent=(none),exophone=${X}`]: [2],
    });
  });

  it('reports service level with per-team T, and unavailable while an answer delay is unknown', async () => {
    const day = await both({ metric: 'service_level' });
    expect(series(day)).toEqual({ '': [null] });
    expect(day.meta.notices?.[0]?.text).toMatch(/unavailable/);
    const hourly = await both({
      metric: 'service_level',
      interval: '1h',
      from: ist('10:00'),
      to: ist('13:00'),
    });
    expect(series(hourly)).toEqual({ '': [1 / 5, null, 0] });
    const perTeam = await both({
      metric: 'service_level',
      interval: '1h',
      from: ist('12:00'),
      to: ist('13:00'),
      serviceLevel: { byTeam: { Support: 60 } },
    });
    expect(series(perTeam)).toEqual({ '': [1] });
  });

  it('gives incoming trends by hour of day and weekday in the business time zone', async () => {
    const frame = await both({ metric: 'incoming_trend', interval: 'all' });
    const monday = frame.fields.find(
      (f) => f.labels?.weekday === 'Mon' && f.config?.custom?.role === 'value',
    )!;
    expect(monday.values[10]).toBe(5);
    expect(monday.values[12]).toBe(1);
    expect(monday.values[13]).toBe(1);
    expect((monday.values as number[]).reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('computes ExoPhone uptime and coverage by region (automatic tag) and the health state over time', async () => {
    const up = await both({ metric: 'uptime', groupBy: ['region'] });
    expect(series(up)).toEqual({ 'region=KA,direction=incoming': [23 / 23.5] });
    const coverage = await both({ metric: 'coverage', groupBy: ['region'] });
    expect(series(coverage)).toEqual({ 'region=KA,direction=incoming': [23.5 / 24] });
    const state = await both({
      metric: 'health_state',
      interval: '1h',
      from: ist('09:00'),
      to: ist('12:00'),
    });
    expect(series(state)).toEqual({ 'direction=incoming': ['healthy', 'affected', 'healthy'] });
  });

  it('answers an empty range with zeros and nulls', async () => {
    const empty = { from: ist('00:00', '20'), to: ist('00:00', '21') };
    expect(series(await both({ metric: 'offered', ...empty }))).toEqual({ '': [0] });
    expect(series(await both({ metric: 'pickup_rate', ...empty }))).toEqual({ '': [null] });
  });

  it('stays exact after late settling and backdated tag changes, before and after the rollup refresh', async () => {
    await refreshRollups(db.pool, { now: ist('00:00', '09') });
    await db.pool.query(
      `UPDATE calls SET leg2_status = 'completed', status = 'completed', duration = 50, conversation_duration = 30 WHERE sid = 'c6'`,
    );
    await applyTagChanges(db.pool, [{ target: A2, key: 'team', value: 'Escalations', at: ist('13:00') }]);
    const expected = { 'team=Escalations': [1], 'team=Sales': [2 / 3], 'team=Support': [1 / 3] };
    expect(series(await q({ metric: 'pickup_rate', groupBy: ['team'] }))).toEqual(expected);
    const byAgent = {
      metric: 'pickup_rate',
      groupBy: ['agent'],
      filters: [{ key: 'team', values: ['Escalations'] }],
    };
    expect(series(await q(byAgent))).toEqual({ [`agent=${A2}`]: [1] });
    await refreshRollups(db.pool, { now: ist('00:00', '09') });
    expect(series(await q(byAgent))).toEqual({ [`agent=${A2}`]: [1] });
    expect((await db.pool.query('SELECT count(*)::int AS n FROM rollup_dirty_slots')).rows[0].n).toBe(0);
    expect(series(await q({ metric: 'pickup_rate', groupBy: ['team'] }))).toEqual(expected);
    // A different zone than the rollups' is answered from the raw tables, cut in that zone.
    const utc = await q({
      metric: 'offered',
      timeZone: 'UTC',
      from: new Date('2026-01-05T00:00:00Z'),
      to: new Date('2026-01-06T00:00:00Z'),
    });
    expect(series(utc)).toEqual({ '': [7] });
  });

  it('rebuilds the rollups in a new business time zone and answers the same from them', async () => {
    const utcDay = {
      timeZone: 'UTC',
      from: new Date('2026-01-05T00:00:00Z'),
      to: new Date('2026-01-06T00:00:00Z'),
    };
    const before = await q({ metric: 'pickup_rate', groupBy: ['team'], ...utcDay });
    expect(await configureRollups(db.pool, 'UTC')).toBe(true);
    expect(await configureRollups(db.pool, 'UTC')).toBe(false);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM call_rollup_hourly')).rows[0].n).toBe(0);
    await refreshRollups(db.pool, { now: ist('00:00', '09') });
    const buckets = await db.pool.query<{ bucket: Date }>('SELECT DISTINCT bucket FROM call_rollup_daily');
    expect(buckets.rows.map((r) => r.bucket.toISOString())).toEqual(['2026-01-05T00:00:00.000Z']);
    expect(await q({ metric: 'pickup_rate', groupBy: ['team'], ...utcDay })).toEqual(before);
    await configureRollups(db.pool, 'Asia/Kolkata');
  });
});

describe('agent and minute rollups on real PostgreSQL', () => {
  const db = useSeededDay();
  const NOW = ist('00:00', '06');
  const q = async (body: Record<string, unknown>) =>
    (
      await runQuery(db.pool, JSON.parse(JSON.stringify({ ...DAY, ...body })) as unknown, {
        defaultTimeZone: 'Asia/Kolkata',
        now: () => NOW,
      })
    ).frames[0]!;
  const markAllDirty = () =>
    db.pool.query(
      `INSERT INTO rollup_dirty_slots (slot) SELECT DISTINCT rollup_slot(date_created) FROM calls ON CONFLICT DO NOTHING`,
    );
  const minuteRows = async () =>
    (await db.pool.query('SELECT count(*)::int AS n FROM call_rollup_minute')).rows[0].n as number;
  const LIVE = { metric: 'offered', interval: '1m', from: ist('10:00'), to: ist('14:00'), groupBy: ['team'] };
  const BY_AGENT = {
    metric: 'pickup_rate',
    interval: '1h',
    groupBy: ['agent'],
    filters: [{ key: 'team', values: ['Sales', 'Support'] }],
  };

  it('answers minute intervals from minute rollups of the recent hours, identical to the raw tables', async () => {
    await markAllDirty();
    const raw = await q(LIVE);
    const minutes = series(raw);
    expect(minutes['team=Sales']![5]).toBe(1); // c1 at 10:05, A1 still in Sales
    expect(minutes['team=Support']![10]).toBe(1); // c2 at 10:10
    expect(minutes['team=Support']![150]).toBe(1); // c9 at 12:30, A1 moved to Support
    await refreshRollups(db.pool, { now: NOW });
    expect(await minuteRows()).toBeGreaterThan(0);
    expect(await q(LIVE)).toEqual(raw);
    // The rollup is what answers: a change made behind the triggers' back shows.
    await db.pool.query(`UPDATE call_rollup_minute SET offered = offered + 100`);
    expect(series(await q(LIVE))['team=Sales']![5]).toBe(101);
    await markAllDirty();
    expect(await q(LIVE)).toEqual(raw);
    await refreshRollups(db.pool, { now: NOW });
    expect(await q(LIVE)).toEqual(raw);
  });

  it('answers agent queries from the agent rollups, identical to the raw tables', async () => {
    await markAllDirty();
    const raw = await q(BY_AGENT);
    expect(series(raw)[`agent=${A1}`]).toEqual(
      Array.from({ length: 24 }, (_, h) => (h === 10 || h === 12 ? 1 : null)),
    );
    await refreshRollups(db.pool, { now: NOW });
    expect(await q(BY_AGENT)).toEqual(raw);
    await db.pool.query(`UPDATE call_rollup_agent_hourly SET answered = 0`);
    expect(series(await q(BY_AGENT))[`agent=${A1}`]![10]).toBe(0);
    await markAllDirty();
    await refreshRollups(db.pool, { now: NOW });
    expect(await q(BY_AGENT)).toEqual(raw);
  });

  it('answers team queries from the tag rollups, identical to the raw tables; migration 026 fills them the same', async () => {
    const BY_TEAM = { metric: 'answered', interval: '1h', groupBy: ['team'] };
    const BY_TEAM_DAILY = { ...BY_TEAM, interval: '1d' };
    const tagRows = async () =>
      (
        await db.pool.query(
          `SELECT 'hour' AS unit, * FROM call_rollup_tags_hourly UNION ALL
           SELECT 'day', * FROM call_rollup_tags_daily ORDER BY 1, bucket, tags, direction`,
        )
      ).rows;
    await markAllDirty();
    const raw = [await q(BY_TEAM), await q(BY_TEAM_DAILY)];
    await refreshRollups(db.pool, { now: NOW });
    expect([await q(BY_TEAM), await q(BY_TEAM_DAILY)]).toEqual(raw);
    const refreshed = await tagRows();
    expect(refreshed.length).toBeGreaterThan(0);
    // The tag rollups are what answer: a change made behind the triggers' back shows.
    await db.pool.query(`UPDATE call_rollup_tags_hourly SET answered = answered + 100`);
    await db.pool.query(`UPDATE call_rollup_tags_daily SET answered = answered + 100`);
    expect(await q(BY_TEAM)).not.toEqual(raw[0]);
    expect(await q(BY_TEAM_DAILY)).not.toEqual(raw[1]);
    // Migration 026 regroups the main rollups: the rows the refresh computes from the calls.
    await db.pool.query(`DROP VIEW reporting.call_rollup_tags_hourly, reporting.call_rollup_tags_daily;
      DROP TABLE call_rollup_tags_hourly, call_rollup_tags_daily;
      DELETE FROM schema_migrations WHERE version = '026_tag_rollups'`);
    expect((await migrate(db.pool)).applied).toEqual(['026_tag_rollups']);
    expect(await tagRows()).toEqual(refreshed);
    expect([await q(BY_TEAM), await q(BY_TEAM_DAILY)]).toEqual(raw);
  });

  it('stays exact when a late Passthru event names the agent, before and after the refresh', async () => {
    await refreshRollups(db.pool, { now: NOW });
    const before = series(await q(LIVE));
    // c4 (10:30, busy, no Passthru so far) turns out to have been dialled to A1.
    await db.pool.query(
      `INSERT INTO passthru_events (event_key, account_sid, call_sid, dial_whom_number, dial_call_status, params, received_at)
       VALUES ('late-c4', 'acme', 'c4', $1, 'busy', '{}', $2)`,
      [A1, ist('10:31')],
    );
    const expectLate = async () => {
      const agents = series(await q({ ...BY_AGENT, groupBy: ['agent'], metric: 'offered' }));
      expect(agents[`agent=${A1}`]![10]).toBe(2);
      expect(series(await q(LIVE))).toEqual(before); // A1 is in Sales at 10:30, like X
    };
    await expectLate();
    await refreshRollups(db.pool, { now: NOW });
    expect((await db.pool.query('SELECT count(*)::int AS n FROM rollup_dirty_slots')).rows[0].n).toBe(0);
    await expectLate();
  });

  it('drops minute rollups past their retention and answers the same from the raw tables', async () => {
    const live = await q(LIVE);
    await refreshRollups(db.pool, { now: ist('00:00', '09') });
    expect(await minuteRows()).toBe(0);
    expect(await q(LIVE)).toEqual(live);
    // The retention never moves back: an older "now" does not make the dropped hours usable again.
    await refreshRollups(db.pool, { now: NOW });
    expect(await minuteRows()).toBe(0);
    expect(await q(LIVE)).toEqual(live);
  });
});
