import type { CalendarRules } from '@exowatch/contract';
import type { Pool } from 'pg';
import { periodAt, type Period } from '../src/calendars/calendar';
import { loadCalendarResolver } from '../src/calendars/resolver';
import { importHolidays, writeCalendar } from '../src/calendars/store';
import { runQuery } from '../src/query/engine';
import type { Frame } from '../src/engine/frames';
import { refreshRollups } from '../src/rollups/rollups';
import { applyTagChanges } from '../src/tags/store';
import { migratedDatabase } from './harness/database';

/**
 * The `period` dimension on real PostgreSQL: every answer through the day, hour, minute and agent
 * rollups must equal the raw computation and the periods worked out here from the calendars by hand
 * (precedence team > flow > ExoPhone > default, DST, holidays), also after a back-dated calendar
 * version, a team tag change, late settlement and a holiday import.
 */
const ZONE = 'Asia/Kolkata';
const MIN = 60_000;
const HOUR = 60 * MIN;
const X1 = '+918040000001'; // team Sales (no calendar of its own team); has an ExoPhone calendar
const X2 = '+918040000002'; // team Support: the London calendar
const X3 = '+918040000003'; // no team: the flow's calendar or the default
const X4 = '+918040000004'; // team Support, two calls either side of London's DST change
const A1 = '+919800000001';
const A2 = '+919800000002';
const FLOW = '117';
const ist = (local: string) => new Date(`${local}+05:30`);
const START = ist('2026-03-27T00:00:00'); // a Friday; London moves to BST on Sunday the 29th
const END = ist('2026-03-31T00:00:00');
const NOW = END;
const SINCE = new Date('2026-01-01T00:00:00Z');

const everyDay = (from: string, to: string): CalendarRules['week'] =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from, to }]]));
const weekdays = (from: string, to: string): CalendarRules['week'] =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from, to }]]));

const OFFICE: CalendarRules = {
  timeZone: ZONE,
  week: weekdays('09:00', '18:00'),
  holidays: [{ date: '2026-03-27', name: 'Half day', from: '14:00', to: '24:00' }],
};
const OFFICE_LATER: CalendarRules = { ...OFFICE, week: weekdays('07:00', '12:00') };
const LONDON: CalendarRules = { timeZone: 'Europe/London', week: weekdays('09:00', '17:00'), holidays: [] };
const NIGHTS: CalendarRules = { timeZone: ZONE, week: everyDay('20:00', '08:00'), holidays: [] };
// Opens at 10:05, inside a 15-minute slot: calls of one slot fall either side of it.
const X1_HOURS: CalendarRules = {
  timeZone: ZONE,
  week: everyDay('10:05', '16:00'),
  holidays: [{ date: '2026-03-30', name: 'Closed' }],
};

interface TestCall {
  sid: string;
  at: number;
  exophone: string;
  flow: string | null;
  agent: string;
  answered: boolean;
}

/** One inbound call every 37 minutes over four days, spread over ExoPhones, the flow and two agents. */
const CALLS: TestCall[] = [];
for (let i = 0, t = START.getTime(); t < END.getTime(); i++, t += 37 * MIN) {
  CALLS.push({
    sid: `p${i}`,
    at: t,
    exophone: [X1, X2, X3][i % 3]!,
    flow: i % 2 === 0 ? FLOW : null,
    agent: i % 4 < 2 ? A1 : A2,
    answered: i % 5 !== 0,
  });
}
// 08:30 UTC: before 09:00 GMT on Friday, 09:30 BST on Monday.
CALLS.push(
  {
    sid: 'dst-fri',
    at: Date.parse('2026-03-27T08:30:00Z'),
    exophone: X4,
    flow: null,
    agent: A1,
    answered: true,
  },
  {
    sid: 'dst-mon',
    at: Date.parse('2026-03-30T08:30:00Z'),
    exophone: X4,
    flow: null,
    agent: A1,
    answered: true,
  },
);
CALLS.push(
  {
    sid: 'x1-opens-before',
    at: ist('2026-03-28T10:02:00').getTime(),
    exophone: X1,
    flow: null,
    agent: A1,
    answered: true,
  },
  {
    sid: 'x1-opens-after',
    at: ist('2026-03-28T10:08:00').getTime(),
    exophone: X1,
    flow: null,
    agent: A1,
    answered: true,
  },
);
// Either side of 10:20 IST on Saturday, when X3 gets the X1 calendar: both inside the 04:00 UTC hour.
const X3_CALENDAR_FROM = Date.parse('2026-03-28T04:50:00Z');
CALLS.push(
  { sid: 'x3-before', at: X3_CALENDAR_FROM - 10 * MIN, exophone: X3, flow: null, agent: A2, answered: true },
  { sid: 'x3-after', at: X3_CALENDAR_FROM + 5 * MIN, exophone: X3, flow: null, agent: A2, answered: true },
);

/** The calendars as this test knows them, changed alongside the database in each step. */
const model = {
  office: [{ rules: OFFICE, from: SINCE.getTime(), to: Infinity }],
  london: LONDON,
  /** X3's team from this instant on (Support), when set. */
  x3SupportFrom: Infinity,
  /** X3 has the X1 calendar from this instant on, when set. */
  x3CalendarFrom: Infinity,
};

function teamOf(call: TestCall): string | null {
  if (call.exophone === X1) return 'Sales';
  if (call.exophone === X2 || call.exophone === X4) return 'Support';
  return call.at >= model.x3SupportFrom ? 'Support' : null;
}

/** The period by hand: team (Support) > flow > ExoPhone (X1, and X3 once assigned) > default. */
function expectedPeriod(call: TestCall): Period {
  const rules =
    teamOf(call) === 'Support'
      ? model.london
      : call.flow === FLOW
        ? NIGHTS
        : call.exophone === X1 || (call.exophone === X3 && call.at >= model.x3CalendarFrom)
          ? X1_HOURS
          : model.office.find((v) => v.from <= call.at && call.at < v.to)!.rules;
  return periodAt(rules, call.at);
}

async function seed(pool: Pool): Promise<void> {
  await applyTagChanges(pool, [
    { target: X1, key: 'team', value: 'Sales', at: SINCE },
    { target: X2, key: 'team', value: 'Support', at: SINCE },
    { target: X4, key: 'team', value: 'Support', at: SINCE },
  ]);
  for (const c of CALLS) {
    await pool.query(
      `INSERT INTO calls (sid, date_created, account_sid, phone_number, from_number, to_number, status, direction,
         duration, conversation_duration, leg2_status, payload_rest)
       VALUES ($1, $2, 'acme', $3, $4, $3, $5, 'inbound', 60, $6, $7, '{}')`,
      [
        c.sid,
        new Date(c.at),
        c.exophone,
        `+91990${String(c.at / MIN).slice(-7)}`,
        c.answered ? 'completed' : 'no-answer',
        c.answered ? 40 : 0,
        c.answered ? 'completed' : 'no-answer',
      ],
    );
    await pool.query(
      `INSERT INTO passthru_events (event_key, account_sid, call_sid, flow_id, dial_whom_number, dial_call_status, params, received_at)
       VALUES ($1, 'acme', $2, $3, $4, $5, '{}', $6)`,
      [`e-${c.sid}`, c.sid, c.flow, c.agent, c.answered ? 'completed' : 'no-answer', new Date(c.at)],
    );
  }
  const calendar = (id: string, rules: CalendarRules, assignments: string[]) =>
    writeCalendar(pool, { id, name: id, rules, at: SINCE, assignments }, NOW);
  await calendar('office', OFFICE, ['default']);
  await calendar('london', LONDON, ['team:Support']);
  await calendar('nights', NIGHTS, [`flow:${FLOW}`]);
  await calendar('x1', X1_HOURS, [X1]);
}

/** Non-zero values of a frame's value fields: `time|label=value,…` → value. */
function valuesOf(frame: Frame): Map<string, number> {
  const times = frame.fields[0]!.values as number[];
  const out = new Map<string, number>();
  for (const f of frame.fields) {
    if (f.config?.custom?.role !== 'value') continue;
    const labels = Object.entries(f.labels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    f.values.forEach((v, i) => {
      if (Number(v) !== 0 && v !== null) out.set(`${times[i]}|${labels}`, Number(v));
    });
  }
  return out;
}

/** Counts of calls matching `keep`, by bucket start and label text. */
function expectedCounts(
  bucketOf: (at: number) => number,
  labelsOf: (call: TestCall) => string,
  keep: (call: TestCall) => boolean = () => true,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of CALLS) {
    if (!keep(c)) continue;
    const key = `${bucketOf(c.at)}|${labelsOf(c)}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

const istDay = (at: number) => {
  const offset = 5.5 * HOUR;
  return Math.floor((at + offset) / (24 * HOUR)) * 24 * HOUR - offset;
};
const istHour = (at: number) => Math.floor((at + 0.5 * HOUR) / HOUR) * HOUR - 0.5 * HOUR;
const minute = (at: number) => Math.floor(at / MIN) * MIN;

describe('the period dimension on real PostgreSQL', () => {
  let close: () => Promise<void>;
  let pool: Pool;
  beforeAll(async () => {
    ({ pool, close } = await migratedDatabase());
    await seed(pool);
  });
  afterAll(async () => {
    await close();
  });

  const q = async (body: Record<string, unknown>) =>
    (
      await runQuery(
        pool,
        { from: START.getTime(), to: END.getTime(), timeZone: ZONE, interval: '1d', ...body },
        { defaultTimeZone: ZONE, now: () => NOW },
      )
    ).frames[0]!;
  const dirtySlots = async () =>
    (await pool.query('SELECT count(*)::int AS n FROM rollup_dirty_slots')).rows[0].n as number;
  const LAST_TWO_DAYS = { from: ist('2026-03-29T00:00:00').getTime(), to: END.getTime() };

  /** Every query shape against the calls and calendars of the model. */
  async function expectAnswersMatchModel(): Promise<void> {
    const period = (c: TestCall) => `period=${expectedPeriod(c)}`;
    expect(valuesOf(await q({ metric: 'calls', groupBy: ['period'] }))).toEqual(
      expectedCounts(istDay, period),
    );
    expect(valuesOf(await q({ metric: 'offered', interval: '1h', groupBy: ['exophone', 'period'] }))).toEqual(
      expectedCounts(istHour, (c) => `exophone=${c.exophone},${period(c)}`),
    );
    expect(
      valuesOf(await q({ metric: 'calls', interval: '1m', groupBy: ['period'], ...LAST_TWO_DAYS })),
    ).toEqual(expectedCounts(minute, period, (c) => c.at >= LAST_TWO_DAYS.from));
    expect(valuesOf(await q({ metric: 'answered', interval: '1h', groupBy: ['agent', 'period'] }))).toEqual(
      expectedCounts(
        istHour,
        (c) => `agent=${c.agent},${period(c)}`,
        (c) => c.answered,
      ),
    );
    const businessByTeam = await q({
      metric: 'offered',
      groupBy: ['team'],
      filters: [{ key: 'period', values: ['business_hours'] }],
    });
    expect(valuesOf(businessByTeam)).toEqual(
      expectedCounts(
        istDay,
        (c) => `team=${teamOf(c) ?? '(none)'}`,
        (c) => expectedPeriod(c) === 'business_hours',
      ),
    );
  }

  /** The answers match the model now (dirty parts from the raw tables), and again from fresh rollups. */
  async function expectExactBeforeAndAfterRefresh(): Promise<void> {
    await expectAnswersMatchModel();
    await refreshRollups(pool, { now: NOW });
    expect(await dirtySlots()).toBe(0);
    await expectAnswersMatchModel();
  }

  it('resolves each call’s calendar with the precedence and as of its start, like the hand model', async () => {
    const resolver = await loadCalendarResolver(pool);
    const periods = new Set<Period>();
    for (const c of CALLS) {
      const rules = resolver.rulesFor({ team: teamOf(c), flow: c.flow, exophone: c.exophone, at: c.at });
      expect(rules ? periodAt(rules, c.at) : 'business_hours').toBe(expectedPeriod(c));
      periods.add(expectedPeriod(c));
    }
    expect([...periods].sort()).toEqual(['after_hours', 'business_hours', 'holiday']);
  });

  it('tells apart calls of one slot either side of a calendar boundary inside it', () => {
    const periods = CALLS.filter((c) => c.sid.startsWith('x1-opens-')).map(expectedPeriod);
    expect(periods).toEqual(['after_hours', 'business_hours']);
  });

  it('answers by period from the raw tables and from every rollup family identically', async () => {
    const shapes = [
      { metric: 'calls', groupBy: ['period'] },
      { metric: 'offered', interval: '1h', groupBy: ['exophone', 'period'] },
      { metric: 'calls', interval: '1m', groupBy: ['period'], ...LAST_TWO_DAYS },
      { metric: 'pickup_rate', interval: '1h', groupBy: ['agent', 'period'] },
    ];
    await pool.query(
      'INSERT INTO rollup_dirty_slots (slot) SELECT DISTINCT rollup_slot(date_created) FROM calls ON CONFLICT DO NOTHING',
    );
    const raw = [];
    for (const shape of shapes) raw.push(await q(shape));
    await refreshRollups(pool, { now: NOW });
    expect(await dirtySlots()).toBe(0);
    for (const [i, shape] of shapes.entries()) expect(await q(shape)).toEqual(raw[i]);
    for (const table of [
      'call_rollup_daily',
      'call_rollup_hourly',
      'call_rollup_minute',
      'call_rollup_agent_hourly',
    ]) {
      const { rows } = await pool.query<{ period: string }>(
        `SELECT DISTINCT period FROM ${table} ORDER BY 1`,
      );
      expect(rows.map((r) => r.period)).toEqual(['after_hours', 'business_hours', 'holiday']);
    }
    await expectAnswersMatchModel();
  });

  it('keeps office hours on London’s wall clock across its DST change', async () => {
    const x4 = await q({
      metric: 'calls',
      groupBy: ['period'],
      filters: [{ key: 'exophone', values: [X4] }],
    });
    expect(valuesOf(x4)).toEqual(
      new Map([
        [`${ist('2026-03-27T00:00:00').getTime()}|period=after_hours`, 1],
        [`${ist('2026-03-30T00:00:00').getTime()}|period=business_hours`, 1],
      ]),
    );
  });

  it('stays exact after a back-dated calendar version', async () => {
    const from = ist('2026-03-30T00:00:00');
    await writeCalendar(pool, { id: 'office', name: 'office', rules: OFFICE_LATER, at: from }, NOW);
    model.office = [
      { rules: OFFICE, from: SINCE.getTime(), to: from.getTime() },
      { rules: OFFICE_LATER, from: from.getTime(), to: Infinity },
    ];
    expect(await dirtySlots()).toBeGreaterThan(0);
    await expectExactBeforeAndAfterRefresh();
  });

  it('stays exact when an ExoPhone gets a calendar from inside an hour', async () => {
    // Calls of one hour on either side of an assignment: the hour's lookup cannot answer for both.
    await writeCalendar(
      pool,
      { id: 'x1', name: 'x1', rules: X1_HOURS, at: new Date(X3_CALENDAR_FROM), assignments: [X1, X3] },
      NOW,
    );
    model.x3CalendarFrom = X3_CALENDAR_FROM;
    const periods = CALLS.filter((c) => c.sid.startsWith('x3-')).map(expectedPeriod);
    expect(periods).toEqual(['after_hours', 'business_hours']);
    await expectExactBeforeAndAfterRefresh();
  });

  it('stays exact when a team tag change moves calls to the calendar of another team', async () => {
    const from = ist('2026-03-29T12:00:00');
    await applyTagChanges(pool, [{ target: X3, key: 'team', value: 'Support', at: from }]);
    model.x3SupportFrom = from.getTime();
    await expectExactBeforeAndAfterRefresh();
  });

  it('stays exact when calls settle late', async () => {
    const late = CALLS.filter((c) => !c.answered && c.at >= LAST_TWO_DAYS.from).slice(0, 3);
    expect(late.length).toBe(3);
    for (const c of late) {
      await pool.query(
        `UPDATE calls SET leg2_status = 'completed', status = 'completed', conversation_duration = 30 WHERE sid = $1`,
        [c.sid],
      );
      c.answered = true;
    }
    await expectExactBeforeAndAfterRefresh();
  });

  it('stays exact after importing a holiday into a calendar', async () => {
    const result = await importHolidays(pool, 'london', [{ date: '2026-03-30', name: 'Bank holiday' }], NOW);
    expect(result.added).toBe(1);
    model.london = { ...LONDON, holidays: [{ date: '2026-03-30', name: 'Bank holiday' }] };
    await expectExactBeforeAndAfterRefresh();
    const x4 = await q({
      metric: 'calls',
      groupBy: ['period'],
      filters: [{ key: 'exophone', values: [X4] }],
    });
    expect(valuesOf(x4).get(`${ist('2026-03-30T00:00:00').getTime()}|period=holiday`)).toBe(1);
  });
});
