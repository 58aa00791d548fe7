import type { CalendarRules } from '@exowatch/contract';
import { DateTime } from 'luxon';
import type { Pool } from 'pg';
import type { CalendarResolver } from '../src/calendars/resolver';
import { normaliseCalls } from '../src/normalise';
import { runQuery } from '../src/query/engine';
import { factsSql } from '../src/rollups/facts';
import type { Frame } from '../src/engine/frames';
import { refreshRollups } from '../src/rollups/rollups';
import { tagDemoTeams } from '../src/runtime/demoTags';
import { SimulatedAccount } from '../src/simulator';
import { groundTruth } from '../src/simulator/ground-truth';
import { resolveOptions } from '../src/simulator/options';
import { upsertCalls } from '../src/store/calls';
import { historyHours, windowBand, type Band, type HistoryInput } from '../src/traffic/expected';
import { holidayHoursOf, NO_HOLIDAYS, type HolidayHours } from '../src/traffic/holidays';
import { migratedDatabase } from './harness/database';

/**
 * incoming_expected and incoming_vs_expected through the query engine on six weeks of simulated
 * traffic: the history the engine reads (hourly rollups where clean, raw tables where dirty) must give
 * exactly the band computed here from per-hour counts taken straight from the raw tables.
 */
const ZONE = 'Asia/Kolkata';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const local = (iso: string) => Date.parse(`${iso}+05:30`);
const NOW = local('2026-11-26T00:00:00');
const HISTORY_FROM = NOW - 50 * DAY;
const WEDNESDAY_11 = local('2026-11-25T11:00:00');

/** A hand-built calendar: Sales closed on 2026-11-04 (a Wednesday, in the history of the 25th). */
const salesCalendar: CalendarRules = {
  timeZone: ZONE,
  week: { wed: [{ from: '09:00', to: '18:00' }] },
  holidays: [{ date: '2026-11-04', name: 'Diwali' }],
};
const calendars: CalendarResolver = { rulesFor: ({ team }) => (team === 'Sales' ? salesCalendar : null) };

type Counts = Map<string, Map<number, number>>;

describe('expected incoming traffic from the query engine', () => {
  let close: () => Promise<void>;
  let pool: Pool;
  /** The ExoPhone given extra history calls after the rollups were computed. */
  let boosted: string;
  const account = new SimulatedAccount(
    resolveOptions({ seed: 'expected', callsPerDay: 900, exophones: 4, teams: 2, agentsPerTeam: 3 }),
  );
  const truth = groundTruth(account, () => NOW);

  beforeAll(async () => {
    ({ pool, close } = await migratedDatabase());
    const { records } = normaliseCalls(truth.calls({ from: HISTORY_FROM, to: NOW }), { timeZone: ZONE });
    for (let i = 0; i < records.length; i += 2000) await upsertCalls(pool, records.slice(i, i + 2000));
    // The demo's team tags, in force from before the history (tagDemoTeams dates them 8 days back).
    await tagDemoTeams(pool, account, new Date(HISTORY_FROM));
    await refreshRollups(pool, { now: new Date(NOW) });
    // After the rollups were computed, history changes: a call is deleted, and one ExoPhone gets 50
    // more calls in the 11:00 hour of four earlier Wednesdays (enough to move its median).
    await pool.query(
      `DELETE FROM calls WHERE sid = (SELECT sid FROM calls WHERE direction = 'inbound' AND date_created >= $1 ORDER BY date_created LIMIT 1)`,
      [new Date(local('2026-11-18T10:00:00'))],
    );
    const template = truth.calls({ from: NOW - DAY, to: NOW }).find((c) => c.Direction === 'inbound')!;
    const extra = [1, 2, 3, 4].flatMap((week) =>
      Array.from({ length: 50 }, (_, i) => ({
        ...template,
        Sid: `extra${week}x${i}`,
        DateCreated: DateTime.fromMillis(WEDNESDAY_11 - week * 7 * DAY + i * 60_000, { zone: ZONE }).toFormat(
          'yyyy-MM-dd HH:mm:ss',
        ),
      })),
    );
    await upsertCalls(pool, normaliseCalls(extra, { timeZone: ZONE }).records);
    boosted = normaliseCalls([template], { timeZone: ZONE }).records[0]!.phoneNumber!;
  }, 180_000);

  afterAll(async () => {
    await close();
  });

  type By = 'exophone' | 'team' | 'all';

  /** Inbound calls per local hour and group, straight from the raw tables. */
  async function rawCounts(by: By, ignoreExtra = false): Promise<Counts> {
    const group = by === 'team' ? `tags ->> 'team'` : by === 'exophone' ? 'exophone' : `''`;
    const extra = ignoreExtra ? ` AND c.sid NOT LIKE 'extra%'` : '';
    const { rows } = await pool.query<{ hour: Date; label: string; n: number }>(
      `SELECT date_trunc('hour', ts, $1) AS hour, ${group} AS label, count(*)::int AS n
       FROM (${factsSql({ where: `c.direction = 'inbound'${extra}`, measures: ['calls'] })}) f GROUP BY 1, 2`,
      [ZONE],
    );
    const counts: Counts = new Map();
    for (const row of rows) {
      const perHour = counts.get(row.label) ?? new Map<number, number>();
      perHour.set(row.hour.getTime(), row.n);
      counts.set(row.label, perHour);
    }
    return counts;
  }

  /** The bands of the windows per group, computed here from the raw hourly counts. */
  async function rawBands(
    by: By,
    windows: [number, number][],
    holidays: HolidayHours,
    options: { ignoreExtra?: boolean } = {},
  ) {
    const counts = await rawCounts(by, options.ignoreExtra);
    const { rows } = await pool.query<{ first: Date }>('SELECT min(date_created) AS first FROM calls');
    // Kolkata hours start at :30 UTC.
    const historyFrom = Math.floor((rows[0]!.first.getTime() - HOUR / 2) / HOUR) * HOUR + HOUR / 2;
    const hours = historyHours(windows, ZONE);
    const bands = new Map<string, (Band | null)[]>();
    for (const [label, perHour] of counts) {
      const scope = {
        team: by === 'team' ? label : null,
        exophone: by === 'exophone' ? label : null,
        flow: null,
      };
      const input: HistoryInput = {
        zone: ZONE,
        countAt: (hour) => perHour.get(hour) ?? 0,
        holidays: holidays(scope, hours),
        historyFrom,
      };
      bands.set(
        label,
        windows.map(([from, to]) => windowBand(from, to, input)),
      );
    }
    return { bands, counts };
  }

  async function query(body: Record<string, unknown>, loadCalendars?: () => Promise<CalendarResolver>) {
    const result = await runQuery(
      pool,
      { timeZone: ZONE, ...body },
      {
        defaultTimeZone: ZONE,
        ...(loadCalendars ? { loadCalendars } : {}),
      },
    );
    return result.frames[0]!;
  }

  /** label → role/band → values per bucket, from a frame. */
  function fieldsBy(frame: Frame, label: string): Map<string, Map<string, (number | null)[]>> {
    const out = new Map<string, Map<string, (number | null)[]>>();
    for (const field of frame.fields.slice(1)) {
      const key = field.labels?.[label] ?? '';
      const perKind = out.get(key) ?? new Map<string, (number | null)[]>();
      const role = field.config?.custom?.role ?? 'value';
      perKind.set(
        role === 'value' ? (field.labels?.band ?? 'value') : role,
        field.values as (number | null)[],
      );
      out.set(key, perKind);
    }
    return out;
  }

  const windowsOf = (from: number, step: number, count: number): [number, number][] =>
    Array.from({ length: count }, (_, i) => [from + i * step, from + (i + 1) * step]);

  it('has history in clean rollups, and hours whose rollups are stale (the raw tables must answer)', async () => {
    const { rows: hourly } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM call_rollup_hourly',
    );
    expect(hourly[0]!.n).toBeGreaterThan(1000);
    const hour = new Date(WEDNESDAY_11 - 7 * DAY);
    const { rows } = await pool.query<{ rollup: number; raw: number; dirty: number }>(
      `SELECT (SELECT sum(calls)::int FROM call_rollup_hourly WHERE bucket = $1 AND exophone = $2 AND direction = 'inbound') AS rollup,
              (SELECT count(*)::int FROM calls WHERE date_created >= $1 AND date_created < $1::timestamptz + interval '1 hour'
                 AND phone_number = $2 AND direction = 'inbound') AS raw,
              (SELECT count(*)::int FROM rollup_dirty_slots WHERE slot >= $1 AND slot < $1::timestamptz + interval '1 hour') AS dirty`,
      [hour, boosted],
    );
    expect(rows[0]!.raw - rows[0]!.rollup).toBe(50);
    expect(rows[0]!.dirty).toBeGreaterThan(0);
  });

  it('gives each ExoPhone, hour by hour, the band computed from the raw tables', async () => {
    const from = local('2026-11-25T00:00:00');
    const windows = windowsOf(from, HOUR, 24);
    const frame = await query({
      metric: 'incoming_expected',
      from,
      to: from + DAY,
      interval: '1h',
      groupBy: ['exophone'],
    });
    const { bands } = await rawBands('exophone', windows, NO_HOLIDAYS);
    const got = fieldsBy(frame, 'exophone');
    expect([...got.keys()].sort()).toEqual([...bands.keys()].sort());
    let known = 0;
    for (const [exophone, perBand] of got) {
      const want = bands.get(exophone)!;
      for (const band of ['expected', 'lower', 'upper'] as const)
        expect({ exophone, band, values: perBand.get(band) }).toEqual({
          exophone,
          band,
          values: want.map((b) => (b ? b[band] : null)),
        });
      known += want.filter((b) => b !== null).length;
    }
    expect(known).toBe(4 * 24);
    // The boosted ExoPhone's 11:00 expectation includes the calls only the raw tables know of.
    const eleven = windows.findIndex(([start]) => start === WEDNESDAY_11);
    const { bands: stale } = await rawBands('exophone', windows, NO_HOLIDAYS, { ignoreExtra: true });
    expect(
      got.get(boosted)!.get('expected')![eleven]! - stale.get(boosted)![eleven]!.expected,
    ).toBeGreaterThan(40);
  });

  it('compares each day with its expectation by team, leaving out the Sales holiday', async () => {
    const from = local('2026-11-24T00:00:00');
    const windows = windowsOf(from, DAY, 2);
    const body = {
      metric: 'incoming_vs_expected',
      from,
      to: from + 2 * DAY,
      interval: '1d',
      groupBy: ['team'],
    };
    const frame = await query(body, async () => calendars);
    const { bands, counts } = await rawBands('team', windows, holidayHoursOf(calendars));
    const got = fieldsBy(frame, 'team');
    expect([...got.keys()].sort()).toEqual(['Sales', 'Support']);
    for (const [team, perRole] of got) {
      const observed = windows.map(([a, b]) =>
        [...counts.get(team)!].filter(([h]) => h >= a && h < b).reduce((sum, [, n]) => sum + n, 0),
      );
      const expected = bands.get(team)!.map((b) => b!.expected);
      expect({ team, numerator: perRole.get('numerator'), denominator: perRole.get('denominator') }).toEqual({
        team,
        numerator: observed,
        denominator: expected,
      });
      expect(perRole.get('value')).toEqual(observed.map((n, i) => n / expected[i]!));
    }
    // The holiday matters: without the calendar Sales expects something else on Wednesday the 25th.
    const { bands: plain } = await rawBands('team', windows, NO_HOLIDAYS);
    expect(plain.get('Sales')![1]!.expected).not.toBe(bands.get('Sales')![1]!.expected);
    expect(plain.get('Support')![1]!.expected).toBe(bands.get('Support')![1]!.expected);
  });

  it("shares an hour's expectation over its 5-minute buckets, and has none without 4 weeks of history", async () => {
    const from = local('2026-11-25T11:00:00');
    const frame = await query({ metric: 'incoming_expected', from, to: from + HOUR, interval: '5m' });
    const { bands } = await rawBands('all', windowsOf(from, 5 * 60_000, 12), NO_HOLIDAYS);
    expect(fieldsBy(frame, 'none').get('')!.get('expected')).toEqual(bands.get('')!.map((b) => b!.expected));
    const hourly = (await rawBands('all', [[from, from + HOUR]], NO_HOLIDAYS)).bands.get('')![0]!.expected;
    expect(bands.get('')![0]!.expected).toBeCloseTo(hourly / 12, 9);
    // Under three weeks after the first call there is no expectation yet.
    const early = local('2026-10-27T11:00:00');
    const young = await query({ metric: 'incoming_expected', from: early, to: early + HOUR, interval: '1h' });
    expect(fieldsBy(young, 'none').get('')!.get('expected')).toEqual([null]);
    // And no ratio to it: the denominator is null like the expectation, never "expect 0 calls".
    const ratio = fieldsBy(
      await query({ metric: 'incoming_vs_expected', from: early, to: early + HOUR, interval: '1h' }),
      'none',
    ).get('')!;
    expect({ value: ratio.get('value'), denominator: ratio.get('denominator') }).toEqual({
      value: [null],
      denominator: [null],
    });
    expect(ratio.get('numerator')![0]).toBeGreaterThan(0);
  });

  it("bounds the usable weeks by the database's first call, not the scope's", async () => {
    // Under four weeks of history for everyone at this hour: no expectation, for any ExoPhone.
    const early = local('2026-10-27T11:00:00');
    const body = {
      metric: 'incoming_expected',
      from: early,
      to: early + HOUR,
      interval: '1h',
      groupBy: ['exophone'],
    };
    const before = fieldsBy(await query(body), 'exophone');
    expect(before.size).toBeGreaterThan(0);
    expect([...before.values()].every((bands) => bands.get('expected')![0] === null)).toBe(true);
    // One outbound call of another number, eight weeks earlier, moves the first stored call: every
    // ExoPhone's weeks since then count, quiet ones as 0 calls, though none of its calls is older.
    await pool.query(
      `INSERT INTO calls (sid, date_created, account_sid, phone_number, direction, payload_rest)
       VALUES ('oldest', $1, 'acme', '+918000000000', 'outbound-api', '{}')`,
      [new Date(early - 8 * 7 * DAY)],
    );
    try {
      const after = fieldsBy(await query(body), 'exophone');
      const expectations = [...after.values()].map((bands) => bands.get('expected')![0]);
      expect(expectations.length).toBeGreaterThan(0);
      expect(expectations.every((expected) => expected !== null)).toBe(true);
    } finally {
      await pool.query(`DELETE FROM calls WHERE sid = 'oldest'`);
    }
  });
});
