import type { Pool } from 'pg';
import { normaliseCalls } from '../src/normalise';
import { runQuery } from '../src/query/engine';
import { addDemoCalendars } from '../src/runtime/demoCalendars';
import { tagDemoTeams } from '../src/runtime/demoTags';
import { SimulatedAccount } from '../src/simulator';
import { groundTruth } from '../src/simulator/ground-truth';
import { resolveOptions } from '../src/simulator/options';
import { upsertCalls } from '../src/store/calls';
import { migratedDatabase } from './harness/database';

const ZONE = 'Asia/Kolkata';
const NOW = new Date('2026-03-12T12:00:00+05:30');
const DAY = 86_400_000;

describe('demo mode: calendars, and every new metric by team and period (real PostgreSQL)', () => {
  let close: () => Promise<void>;
  let pool: Pool;
  const account = new SimulatedAccount(
    resolveOptions({ seed: 'demo-calendars', callsPerDay: 600, teams: 3 }),
  );
  /** The demo's last six days of `metric`, grouped by team and period. */
  const lastSixDaysByTeamAndPeriod = async (metric: string, interval: string) =>
    (
      await runQuery(
        pool,
        {
          metric,
          from: NOW.getTime() - 6 * DAY,
          to: NOW.getTime(),
          interval,
          timeZone: ZONE,
          groupBy: ['team', 'period'],
        },
        { defaultTimeZone: ZONE, now: () => NOW },
      )
    ).frames[0]!;

  beforeAll(async () => {
    ({ pool, close } = await migratedDatabase());
    // Five weeks: expected traffic needs four weeks of history before the week asked about.
    const calls = groundTruth(account, () => NOW.getTime()).calls({
      from: new Date(NOW.getTime() - 36 * DAY),
      to: NOW,
    });
    const { records } = normaliseCalls(calls, { timeZone: ZONE });
    for (let i = 0; i < records.length; i += 500) await upsertCalls(pool, records.slice(i, i + 500));
    await tagDemoTeams(pool, account, NOW);
  });
  afterAll(async () => {
    await close();
  });

  it('adds a default calendar and one for a team once, so every team has calls in every period', async () => {
    expect(await addDemoCalendars(pool, account, NOW)).toBe(2);
    expect(await addDemoCalendars(pool, account, NOW)).toBe(0);
    const frame = await lastSixDaysByTeamAndPeriod('calls', 'all');
    const withCalls = frame.fields
      .filter((f) => f.config?.custom?.role === 'value' && Number(f.values[0]) > 0)
      .map((f) => `${f.labels!.team}|${f.labels!.period}`);
    const everyTeamAndPeriod = account.model.teams.flatMap((team) =>
      ['business_hours', 'after_hours', 'holiday'].map((period) => `${team.name}|${period}`),
    );
    expect(withCalls).toEqual(expect.arrayContaining(everyTeamAndPeriod));
  });

  it.each([
    'callback_rate',
    'time_to_callback',
    'missed_callbacks_open',
    'incoming_expected',
    'incoming_vs_expected',
  ])('%s answers with data for every team, grouped by team and period', async (metric) => {
    const frame = await lastSixDaysByTeamAndPeriod(metric, '1d');
    const teamsWithData = new Set(
      frame.fields
        .filter(
          (f) => f.config?.custom?.role === 'value' && f.values.some((v) => v !== null && Number(v) > 0),
        )
        .map((f) => f.labels!.team),
    );
    expect([...teamsWithData].sort()).toEqual(account.model.teams.map((t) => t.name).sort());
    const periods = new Set(frame.fields.flatMap((f) => (f.labels?.period ? [f.labels.period] : [])));
    expect(periods.size).toBeGreaterThan(1);
  });
});
